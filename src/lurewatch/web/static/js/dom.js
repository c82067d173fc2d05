// Building DOM nodes from data. Chat text is untrusted: it only ever becomes text nodes, never markup.

/**
 * h("p", {class: "note", "aria-live": "polite"}, "text", childNode)
 * Properties starting with "on" become event listeners; everything else is an attribute. Children may be strings
 * (text nodes), nodes, arrays of those, or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A message as the reports name it: by its 0-based index, as in "message 6" of the summaries. */
export function messageNumber(index) {
  return `message ${index}`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
