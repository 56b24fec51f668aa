/* The body editor's embed node (django-prose-editor loads this module beside its own
   extensions; DJANGO_PROSE_EDITOR_EXTENSIONS in settings).

   An embed is stored as <figure data-embed="youtube"><a href="URL">URL</a></figure>: a
   plain link wherever the page's click-to-load frame is not shown (feeds, the API's
   html). Which addresses are embeddable is decided on the server (articles.embeds);
   the dialog only spares the editor a round trip for an obvious mistake. */
import { Node, gettext, updateAttrsDialog } from "django-prose-editor/editor"

// A first reading only: the server decides (articles.embeds.parse_embed).
const PROVIDERS = [
  ["youtube", /^https?:\/\/(www\.|m\.)?(youtube\.com|youtube-nocookie\.com|youtu\.be)\//i],
  ["x", /^https?:\/\/(www\.|mobile\.)?(x\.com|twitter\.com)\/[^/]+\/status\/\d+/i],
  ["telegram", /^https?:\/\/(www\.)?(t\.me|telegram\.me)\/[A-Za-z][A-Za-z0-9_]{4,31}\/\d+/i],
]
const NAMES = { youtube: "YouTube", x: "X", telegram: "Telegram" }

const providerOf = (url) => {
  const found = PROVIDERS.find(([, pattern]) => pattern.test(url))
  return found ? found[0] : null
}

const embedDialog = updateAttrsDialog(
  {
    url: {
      type: "string",
      title: gettext("Address of a YouTube video, an X post or a Telegram post"),
      required: true,
    },
  },
  { title: gettext("Embed"), submitText: gettext("Insert embed") },
)

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  // Before the Figure extension's "figure" rule: an embed figure is not a picture.
  priority: 1000,

  addAttributes() {
    return {
      provider: { default: null },
      url: { default: "" },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure[data-embed]",
        priority: 100,
        getAttrs: (element) => {
          const link = element.querySelector("a[href]")
          return link ? { provider: element.getAttribute("data-embed"), url: link.getAttribute("href") } : false
        },
      },
    ]
  },

  renderHTML({ node }) {
    return ["figure", { "data-embed": node.attrs.provider }, ["a", { href: node.attrs.url }, node.attrs.url]]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure")
      dom.className = "editor-embed"
      dom.setAttribute("data-embed", node.attrs.provider || "")
      dom.textContent = `${NAMES[node.attrs.provider] || gettext("Embed")}: ${node.attrs.url}`
      return { dom }
    }
  },

  addCommands() {
    return {
      insertEmbed:
        () =>
        ({ editor }) => {
          embedDialog(editor, { url: "" }).then((attrs) => {
            if (!attrs) return
            const url = attrs.url.trim()
            const provider = providerOf(url)
            if (!provider) {
              window.alert(
                gettext("Only YouTube videos, X posts and Telegram posts can be embedded. Link to this address instead."),
              )
              return
            }
            editor.chain().focus().insertContent({ type: "embed", attrs: { provider, url } }).run()
          })
          return true
        },
    }
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      command(editor) {
        editor.chain().focus().insertEmbed().run()
      },
      button: buttons.material("smart_display", "Embed a YouTube video, X post or Telegram post"),
    })
  },
})
