/* The image's change page: a click on the whole picture sets the focal point fields
   (0-1 from the left and from the top); the crops are cut around it when the image is
   saved, under new file names (articles.images.rendition_tag). The fields stay
   editable for the keyboard. */
// The admin loads form media in <head>: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.querySelector(".focal-picker");
  var x = document.getElementById("id_focal_x");
  var y = document.getElementById("id_focal_y");
  if (!box || !x || !y) { return; }
  var image = box.querySelector("img");
  var marker = box.querySelector(".focal-marker");
  var show = function () {
    marker.style.left = (parseFloat(x.value) * 100) + "%";
    marker.style.top = (parseFloat(y.value) * 100) + "%";
  };
  var round = function (value) { return Math.min(1, Math.max(0, value)).toFixed(3); };
  image.addEventListener("click", function (event) {
    var rect = image.getBoundingClientRect();
    x.value = round((event.clientX - rect.left) / rect.width);
    y.value = round((event.clientY - rect.top) / rect.height);
    show();
  });
  x.addEventListener("input", show);
  y.addEventListener("input", show);
  box.classList.add("is-active");
  show();
});
