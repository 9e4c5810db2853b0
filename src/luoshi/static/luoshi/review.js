/* The review page: a task and its source lines point at each other. No inline scripts (CSP). */
(function () {
  "use strict";

  function sourceBox() { return document.getElementById("source-lines"); }

  function scrollSourceTo(line) {
    var box = sourceBox();
    if (!box || !line) return;
    var offset = line.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop = Math.max(0, box.scrollTop + offset - 40);
  }

  function clearMarks() {
    document.querySelectorAll(".src-line.hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll(".review-task.active").forEach(function (el) { el.classList.remove("active"); });
  }

  function markTask(card, scroll) {
    var box = sourceBox();
    if (!box || !card) return;
    var first = parseInt(card.getAttribute("data-first"), 10);
    var last = parseInt(card.getAttribute("data-last"), 10) || first;
    if (!first) return;
    clearMarks();
    card.classList.add("active");
    var firstLine = null;
    box.querySelectorAll(".src-line").forEach(function (line) {
      var n = parseInt(line.getAttribute("data-line"), 10);
      if (n >= first && n <= last) {
        line.classList.add("hl");
        if (!firstLine) firstLine = line;
      }
    });
    if (scroll && firstLine) scrollSourceTo(firstLine);
  }

  function taskCard(target) {
    return target && target.closest ? target.closest(".review-task") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var card = taskCard(event.target);
    if (card && !card.classList.contains("active")) markTask(card, true);
  });

  document.addEventListener("click", function (event) {
    // "第 n–m 行" on a task card: mark the lines and scroll the source pane, not the page.
    var link = event.target.closest ? event.target.closest(".rt-lines, .wl-line[data-line]") : null;
    var box = sourceBox();
    if (link && box) {
      var card = taskCard(link);
      if (card) {
        event.preventDefault();
        markTask(card, true);
        return;
      }
      var line = document.getElementById("L" + link.getAttribute("data-line"));
      if (line) {
        event.preventDefault();
        clearMarks();
        line.classList.add("hl");
        scrollSourceTo(line);
        if (window.matchMedia("(max-width: 760px)").matches) line.scrollIntoView({ block: "center" });
        return;
      }
    }
    // A line of the source that belongs to a task: bring the task into view.
    var src = event.target.closest ? event.target.closest(".src-line[data-task]") : null;
    if (src && !event.target.closest("a")) {
      var target = document.getElementById("task-" + src.getAttribute("data-task"));
      if (target) {
        target.scrollIntoView({ behavior: "smooth", block: "center" });
        markTask(target, false);
      }
    }
  });

  // Forms that need a confirmation without htmx (publish, merge, plain-post removals).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !form.hasAttribute("hx-post") && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // After htmx swaps an edited task back in, keep its lines marked.
  document.addEventListener("htmx:afterSwap", function (event) {
    var old = event.detail && event.detail.target;
    var card = old && old.id ? document.getElementById(old.id) : null;
    if (card && card.classList.contains("review-task")) markTask(card, false);
  });
})();
