// Rename a category: the names in force of the category chosen, greyed in the name fields.
// Without this script the page works the same: the names show once the page is reloaded
// with the category chosen, and an empty field keeps its name either way.
"use strict";
document.querySelectorAll("select[name=code]").forEach(function (select) {
  select.addEventListener("change", function () {
    var chosen = select.options[select.selectedIndex];
    var labels = chosen && chosen.dataset.labels ? JSON.parse(chosen.dataset.labels) : {};
    document.querySelectorAll("input[name^=label_]").forEach(function (input) {
      input.placeholder = labels[input.name.slice("label_".length)] || "";
    });
  });
});
