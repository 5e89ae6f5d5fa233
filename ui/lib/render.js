// Structured guidance blocks → DOM. Text is always set with textContent: nothing from the
// backend is ever parsed as HTML.

import { t } from './i18n.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('data-') || name.startsWith('aria-') || ['id', 'role', 'type', 'href', 'tabindex', 'title', 'lang'].includes(name)) node.setAttribute(name, value);
    else node[name] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

export function renderInlines(inlines, parent) {
  for (const inline of inlines) {
    parent.append(renderInline(inline));
  }
  return parent;
}

function renderInline(inline) {
  switch (inline.type) {
    case 'text':
      return document.createTextNode(inline.text);
    case 'strong':
      return renderInlines(inline.children, el('strong'));
    case 'emphasis':
      return renderInlines(inline.children, el('em'));
    case 'phrase':
      return el('q', {
        class: `phrase phrase-${inline.role}`,
        'data-phrase': inline.id,
        'data-role': inline.role,
        title: t(`role.${inline.role}`),
      }, el('span', { class: 'visually-hidden', text: `${t(`role.${inline.role}`)}: ` }), inline.text);
    case 'sign':
      return el('span', { class: `sign sign-${inline.kind}`, 'data-sign': inline.kind, title: t(`sign.${inline.kind}`) },
        el('span', { class: 'visually-hidden', text: `${t(`sign.${inline.kind}`)}: ` }), inline.text);
    case 'break':
      return el('br');
    default:
      return document.createTextNode('');
  }
}

export function renderBlock(block, index) {
  switch (block.type) {
    case 'paragraph':
      return renderInlines(block.inlines, el('p', { 'data-block': index }));
    case 'list': {
      const list = el(block.ordered ? 'ol' : 'ul', { 'data-block': index });
      for (const item of block.items) list.append(renderInlines(item, el('li')));
      return list;
    }
    case 'quote': {
      const quote = el('blockquote', { 'data-block': index });
      block.blocks.forEach((b, i) => quote.append(renderBlock(b, `${index}.${i}`)));
      return quote;
    }
    default:
      return el('div');
  }
}

/// Snippet segments → text with <mark> around what matched.
export function renderSnippet(segments, parent) {
  for (const seg of segments) {
    parent.append(seg.mark ? el('mark', { text: seg.text }) : document.createTextNode(seg.text));
  }
  return parent;
}
