// Checklist pages: boxes a reader can tick on screen. The ticks stay in this browser only
// (localStorage, by page and question), so a reload keeps them and nothing leaves the machine.
(function () {
  "use strict";
  var marker = document.querySelector("[data-db-checklist]");
  if (!marker) {
    return;
  }
  var key = "dealbook:ticks:" + location.pathname;
  var boxes = document.querySelectorAll(".md-typeset .task-list-item input[type=checkbox]");
  var ticked = [];
  try {
    ticked = JSON.parse(localStorage.getItem(key) || "[]");
  } catch (ignored) {
    ticked = [];  // storage blocked or spoilt: start unticked
  }
  function question(box) {
    var item = box.closest(".task-list-item");
    var strong = item && item.querySelector("strong");
    return strong ? strong.textContent.trim() : "";
  }
  function save() {
    var now = [];
    boxes.forEach(function (box) {
      if (box.checked) {
        now.push(question(box));
      }
    });
    try {
      localStorage.setItem(key, JSON.stringify(now));
    } catch (ignored) {
      // private windows may refuse storage: the ticks then last as long as the page
    }
  }
  boxes.forEach(function (box) {
    box.disabled = false;
    box.setAttribute("aria-label", question(box));
    box.checked = ticked.indexOf(question(box)) >= 0;
    box.addEventListener("change", save);
  });
  var clear = marker.querySelector("[data-db-clear]");
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      boxes.forEach(function (box) {
        box.checked = false;
      });
      save();
    });
  }
})();
