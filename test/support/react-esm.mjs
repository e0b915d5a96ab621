// React ships CommonJS only. For the browser tests this plugin serves React
// and ReactDOM as ES modules: one esbuild build (code splitting, so the page
// has a single React however many entry points it imports) whose entry
// points re-export each module's names explicitly (ESM cannot `export *` from
// CommonJS). Bare imports of `react`, `react-dom` and `react-dom/client` in
// served files resolve to it.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const PREFIX = '/__react/';
const MODULES = { react: 'react', 'react-dom': 'react-dom', 'react-dom/client': 'react-dom-client', 'react/jsx-runtime': 'react-jsx-runtime' };

// Each module's names, read in a child process: loading React in the
// runner's own process would meet the runner's patched console.
function exportsOf(specifier) {
  const code = `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }));
}

function shim(specifier) {
  const names = exportsOf(specifier).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
  return `import m from ${JSON.stringify(specifier)};\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`;
}

export function reactEsm() {
  let files;
  const bundle = async () => {
    const result = await build({
      entryPoints: Object.values(MODULES).map((name) => ({ in: `shim:${name}`, out: name })),
      plugins: [
        {
          name: 'react-shims',
          setup(b) {
            b.onResolve({ filter: /^shim:/ }, (args) => ({ path: args.path.slice(5), namespace: 'shim' }));
            b.onLoad({ filter: /.*/, namespace: 'shim' }, (args) => ({
              contents: shim(Object.keys(MODULES).find((k) => MODULES[k] === args.path)),
              resolveDir: process.cwd(),
            }));
          },
        },
      ],
      bundle: true,
      splitting: true,
      format: 'esm',
      target: 'es2022',
      outdir: 'react-esm',
      write: false,
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
    });
    return new Map(result.outputFiles.map((f) => [f.path.slice(f.path.lastIndexOf('/') + 1), f.text]));
  };
  return {
    name: 'react-esm',
    resolveImport({ source }) {
      if (MODULES[source]) return `${PREFIX}${MODULES[source]}.js`;
      return undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      files ??= bundle();
      const body = (await files).get(context.path.slice(PREFIX.length));
      return body === undefined ? undefined : { body, type: 'js' };
    },
  };
}
