"""Driving the Django admin's widgets the way a person does: select2 autocompletes,
the rich-text body editor, the related-object popup."""

BODY_EDITOR = ".field-body .tiptap[contenteditable=true]"


def pick(page, container, text):
    """Choose ``text`` in the select2 autocomplete inside ``container`` by typing and clicking."""
    page.locator(f"{container} .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    page.locator("li.select2-results__option:not(.loading-results)", has_text=text).first.click()


def save_and_continue(page):
    page.locator("input[name=_continue]").first.click()
    page.wait_for_load_state()


def success_message(page):
    return page.locator(".messagelist .success").inner_text()


def errors(page):
    """Every error the admin shows on the form: the summary, form-wide and field errors."""
    return " ".join(page.locator(".errornote, .errorlist").all_inner_texts())


def type_link(page, text, href):
    """Type ``text`` in the body editor and make it a link through the toolbar's dialog."""
    page.keyboard.type(text)
    for _ in text:
        page.keyboard.press("Shift+ArrowLeft")
    page.locator(".field-body button[data-name=link]").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.locator("input[name=href]").fill(href)
    dialog.locator("button[type=submit]").click()
    page.keyboard.press("End")
