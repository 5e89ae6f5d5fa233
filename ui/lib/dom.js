// Finding the page's elements, typed: the markup promises what each element is, and this
// checks it where it is looked up, so a changed page fails there (and `tsc` knows the type).

/**
 * The element with this id, which must be a `type`.
 * @template {Element} T
 * @param {string} id
 * @param {{ new (...args: any[]): T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
  return found;
}

/**
 * The first element under `root` that matches `selector` and is a `type`, or null.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{ new (...args: any[]): T }} type
 * @returns {T | null}
 */
export function find(root, selector, type) {
  const found = root.querySelector(selector);
  return found instanceof type ? found : null;
}

/**
 * The HTML element matching `selector` that holds what an event reached (a click on a
 * button's text: the button), or null.
 * @param {Event} event
 * @param {string} selector
 * @returns {HTMLElement | null}
 */
export function closestTo(event, selector) {
  const found = event.target instanceof Element ? event.target.closest(selector) : null;
  return found instanceof HTMLElement ? found : null;
}

/**
 * Every HTML element under `root` that matches `selector`.
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement[]}
 */
export function all(selector, root = document) {
  return [...root.querySelectorAll(selector)].filter((e) => e instanceof HTMLElement);
}

/**
 * The first HTML element under `root` that matches `selector`, or null.
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement | null}
 */
export function one(selector, root = document) {
  const found = root.querySelector(selector);
  return found instanceof HTMLElement ? found : null;
}
