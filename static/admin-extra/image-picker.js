/* The library picker (articles/admin/media.py picker_view), opened by the body editor's
   Figure dialog: a chosen image goes back to the dialog through the callback the editor
   registered (django-prose-editor's CKEditor-style file picker protocol), with its id,
   a preview rendition and its alt text; the page renders the library image itself. */
(function () {
  "use strict";
  var picker = document.querySelector(".media-picker");
  if (!picker) { return; }
  var funcNum = picker.getAttribute("data-func-num");
  picker.addEventListener("click", function (event) {
    var button = event.target.closest(".media-pick");
    if (!button) { return; }
    var opener = window.opener;
    if (!opener || !opener.CKEDITOR || !opener.CKEDITOR.tools) {
      window.alert("Open the library from the article editor's image button to insert an image.");
      return;
    }
    // No caption: the story then shows the library's own (and follows its changes).
    opener.CKEDITOR.tools.callFunction(funcNum, button.getAttribute("data-url"), {
      id: button.getAttribute("data-id"),
      alternative_text: button.getAttribute("data-alt"),
      caption: "",
    });
    window.close();
  });
})();
