/**
 * `npm run manifest` writes custom-elements.json, the widget's public API for editors, docs
 * and design tools. The public API is what the class's JSDoc block documents: its @attr,
 * @prop, @fires, @csspart and @cssproperty tags. The rest of the class is there for its views.
 */
function documentedOnly() {
  return {
    name: 'documented-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.attributes = (declaration.attributes ?? []).filter((attribute) => attribute.description);
          const attributeFields = new Set(declaration.attributes.map((attribute) => attribute.fieldName ?? attribute.name));
          declaration.members = (declaration.members ?? []).filter((member) =>
            member.kind === 'field' && !member.static && (member.description || attributeFields.has(member.name)) && (member.privacy ?? 'public') === 'public');
          declaration.events = (declaration.events ?? []).filter((event) => event.description);
        }
      }
    },
  };
}

export default {
  globs: ['widget/mentor-coach.ts'],
  outdir: 'dist/widget',
  litelement: true,
  plugins: [documentedOnly()],
};
