/**
 * Registers a custom element unless the tag is already taken, so a page that loads the
 * widget script twice (a CMS plugin and a tag manager, say) does not throw.
 */
export function safeDefine(tag: string, element: CustomElementConstructor): void {
  if (customElements.get(tag)) return;
  customElements.define(tag, element);
}
