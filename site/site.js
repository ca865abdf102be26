(function () {
  "use strict";
  var root = document.documentElement;
  try {
    var saved = localStorage.getItem("notebook-theme");
    if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);
  } catch (e) {}

  function ready(f) {
    if (document.readyState !== "loading") f(); else document.addEventListener("DOMContentLoaded", f);
  }

  function currentTheme() {
    var set = root.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function themeButton(header) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "theme-toggle";
    function label() {
      var dark = currentTheme() === "dark";
      button.textContent = dark ? "Light" : "Dark";
      button.setAttribute("aria-label", dark ? "Use the light theme" : "Use the dark theme");
    }
    label();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("notebook-theme", next); } catch (e) {}
      label();
    });
    header.appendChild(button);
  }

  function copyButtons() {
    var cells = document.querySelectorAll(".cell pre.code");
    Array.prototype.forEach.call(cells, function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the cell's code");
      button.addEventListener("click", function () {
        var text = pre.textContent;
        function done() {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
        } else {
          fallback(text);
          done();
        }
      });
      pre.parentNode.insertBefore(button, pre);
    });
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area);
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (w) { return w.length > 0; });
  }

  function search(header) {
    var index = window.notebookSearchIndex;
    if (!index) return;
    var base = header.getAttribute("data-root") || "";
    var form = document.createElement("div");
    form.className = "search";
    form.setAttribute("role", "search");
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Search";
    input.setAttribute("aria-label", "Search the notebooks");
    var list = document.createElement("ul");
    list.className = "search-results";
    list.hidden = true;
    form.appendChild(input);
    form.appendChild(list);
    header.appendChild(form);
    input.addEventListener("input", function () {
      var query = words(input.value);
      list.innerHTML = "";
      if (query.length === 0) { list.hidden = true; return; }
      var found = index.filter(function (entry) {
        return query.every(function (q) {
          return entry.words.some(function (w) { return w.indexOf(q) === 0; });
        });
      }).slice(0, 20);
      found.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = base + entry.href;
        link.textContent = entry.heading ? entry.title + " › " + entry.heading : entry.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      if (found.length === 0) {
        var none = document.createElement("li");
        none.textContent = "No match";
        list.appendChild(none);
      }
      list.hidden = false;
    });
  }

  ready(function () {
    var header = document.querySelector(".site-header");
    if (header) {
      search(header);
      themeButton(header);
    }
    copyButtons();
  });
})();
