// A `cem analyze` plugin: every text of an element has a `label-<name>`
// attribute, made from its labels file (the interface says what the text is,
// the defaults object gives the English words). Listing them here, from the
// source of truth, keeps custom-elements.json complete without repeating
// dozens of @attr lines in each class comment.
import { readFileSync } from 'node:fs';

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** { name: { doc, value } } from a labels file: the interface's comments and the defaults' strings. */
function readLabels(file, interfaceName, constName) {
  const source = readFileSync(file, 'utf8');
  const body = (start) => {
    const at = source.indexOf('{', source.indexOf(start));
    let depth = 0;
    for (let i = at; i < source.length; i++) {
      if (source[i] === '{') depth++;
      else if (source[i] === '}' && --depth === 0) return source.slice(at + 1, i);
    }
    throw new Error(`${file}: cannot read ${start}`);
  };
  const docs = {};
  for (const m of body(`interface ${interfaceName}`).matchAll(/(?:\/\*\*\s*([\s\S]*?)\s*\*\/\s*)?(\w+): string;/g)) {
    docs[m[2]] = (m[1] ?? '').replace(/\s*\n\s*\*\s*/g, ' ').trim();
  }
  const labels = {};
  for (const m of body(`const ${constName}`).matchAll(/(\w+): '((?:[^'\\]|\\.)*)'/g)) {
    labels[m[1]] = { doc: docs[m[1]] ?? '', value: m[2].replace(/\\u00a0/g, ' ') };
  }
  return labels;
}

/** @param {Record<string, { file: string, interfaceName: string, constName: string }>} elements */
export function labelAttributes(elements) {
  return {
    name: 'offline-player:label-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const spec = elements[declaration.tagName];
          if (!spec) continue;
          declaration.attributes ??= [];
          const known = new Set(declaration.attributes.map((a) => a.name));
          for (const [name, { doc, value }] of Object.entries(readLabels(spec.file, spec.interfaceName, spec.constName))) {
            const attribute = `label-${kebab(name)}`;
            if (known.has(attribute)) continue;
            const what = doc ? `${doc.replace(/\.$/, '')} (default "${value}")` : `Text for "${value}"`;
            declaration.attributes.push({ name: attribute, type: { text: 'string' }, description: `${what}. Wins over the \`labels\` property and the built-in translation.` });
          }
        }
      }
    },
  };
}
