/* newstrace UI: small enhancements only; every page works without script.
   - compare page: hovering or focusing a passage lights up its partner on the other side;
   - document page: following an in-page link to a passage anchor highlights that passage. */
(function () {
  "use strict";

  function partner(el) {
    var id = el.getAttribute("data-pair");
    return id ? document.getElementById(id) : null;
  }

  function setLit(el, on) {
    var other = partner(el);
    el.classList.toggle("lit", on);
    if (other) { other.classList.toggle("lit", on); }
  }

  document.querySelectorAll("[data-pair]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { setLit(el, true); });
    el.addEventListener("mouseleave", function () { setLit(el, false); });
    el.addEventListener("focus", function () { setLit(el, true); });
    el.addEventListener("blur", function () { setLit(el, false); });
  });

  /* An anchor "p-START-END" marks where a shared passage starts; light the text after it. */
  function lightAnchor() {
    document.querySelectorAll(".anchor-lit").forEach(function (el) { el.classList.remove("anchor-lit"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && el.classList.contains("anchor") && el.nextElementSibling) {
      el.nextElementSibling.classList.add("anchor-lit");
    }
  }
  window.addEventListener("hashchange", lightAnchor);
  lightAnchor();
}());
