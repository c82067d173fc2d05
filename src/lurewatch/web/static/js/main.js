// Page set-up: the three parts (shown one at a time by the address's #part) and the access key.
import { accessKey, setAccessKey } from "./api.js";
import { setUpCheck } from "./check.js";
import { setUpReview } from "./review.js";
import { setUpTraining } from "./training.js";

const PARTS = ["check", "practice", "review"];

function showPart() {
  const wanted = location.hash.slice(1);
  const part = PARTS.includes(wanted) ? wanted : "check";
  for (const id of PARTS) {
    const section = document.getElementById(id);
    section.hidden = id !== part;
    const link = document.querySelector(`nav a[href="#${id}"]`);
    if (id === part) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const section = document.getElementById(part);
  section.dispatchEvent(new CustomEvent("lurewatch:show"));
  if (wanted) section.querySelector("h2")?.focus();
}

function setUpKey() {
  const form = document.getElementById("key-form");
  const input = document.getElementById("access-key");
  const state = document.getElementById("key-state");
  const describe = () => {
    state.textContent = accessKey() ? "A key is set for this tab." : "No key set.";
  };
  input.value = accessKey();
  describe();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setAccessKey(input.value.trim());
    describe();
    form.closest("details").open = false;
    if (!document.getElementById("review").hidden) document.getElementById("review").dispatchEvent(new CustomEvent("lurewatch:show"));
  });
  document.getElementById("forget-key").addEventListener("click", () => {
    setAccessKey("");
    input.value = "";
    describe();
  });
}

setUpKey();
setUpCheck(document.getElementById("check"));
setUpTraining(document.getElementById("practice"));
setUpReview(document.getElementById("review"));
window.addEventListener("hashchange", showPart);
showPart();
