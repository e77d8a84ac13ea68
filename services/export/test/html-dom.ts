import { type DefaultTreeAdapterTypes, parse, parseFragment } from 'parse5';

export type Element = DefaultTreeAdapterTypes.Element;
type Node = DefaultTreeAdapterTypes.Node;

/* Reading HTML parsed by parse5 as a browser would: elements, classes, attributes, text. */

const isElement = (node: Node): node is Element => 'tagName' in node;
const childrenOf = (node: Node): Node[] => ('childNodes' in node ? node.childNodes : []);

/** Every element under `root`, in document order. */
export function elements(root: Node): Element[] {
  const found: Element[] = [];
  const visit = (node: Node): void => {
    for (const child of childrenOf(node)) {
      if (isElement(child)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

export const attr = (element: Element, name: string): string | undefined =>
  element.attrs.find((attribute) => attribute.name === name)?.value;

export const hasClass = (element: Element, name: string): boolean =>
  (attr(element, 'class') ?? '').split(/\s+/).includes(name);

/** The elements under `root` with the class `name`. */
export const byClass = (root: Node, name: string): Element[] => elements(root).filter((e) => hasClass(e, name));

/** The only element under `root` with the class `name`; fails when there are none or several. */
export function one(root: Node, name: string): Element {
  const found = byClass(root, name);
  if (found.length !== 1) throw new Error(`expected one .${name}, found ${found.length}`);
  return found[0] as Element;
}

export const byTag = (root: Node, tag: string): Element[] => elements(root).filter((e) => e.tagName === tag);

/** The text of `node` and everything in it, as a browser's textContent. */
export function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return childrenOf(node).map(text).join('');
}

export const parseDocument = (html: string): DefaultTreeAdapterTypes.Document => parse(html);
export const parseHtml = (html: string): DefaultTreeAdapterTypes.DocumentFragment => parseFragment(html);

/** For each element, the texts of its one descendant of each class in `names`. */
export const textsOf = (list: readonly Element[], ...names: string[]): string[][] =>
  list.map((element) => names.map((name) => text(one(element, name))));
