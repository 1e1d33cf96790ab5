// The oracle's parser: compiles a .ksy schema with Kaitai's official compiler
// to Python (debug mode: each class lists its SEQ_FIELDS), and writes, beside
// the modules, types.json: for each generated class (`module:Outer.Inner`)
// its Kaitai name (`outer::inner`) and the attributes and instances that are
// enums. Imports are looked up beside the schema and in the include folders.
//
// Usage: node compile.js SCHEMA.ksy OUT_DIR [INCLUDE_DIR]...
// With ZEROWIRE_ORACLE_LANG=rust, the official Rust target instead (for the
// benchmark against it, benches/kaitai), and no types.json.
'use strict';
const path = require('path');
const fs = require('fs');
const modules = process.env.ZEROWIRE_ORACLE_NODE_MODULES || path.join(__dirname, 'node_modules');
const compiler = require(path.join(modules, 'kaitai-struct-compiler'));
const yaml = require(path.join(modules, 'js-yaml'));

const [schema, outDir, ...includes] = process.argv.slice(2);
const loaded = [];

function load(file) {
  const spec = yaml.load(fs.readFileSync(file, 'utf8'));
  loaded.push(spec);
  return spec;
}

const importer = {
  importYaml(name, mode) {
    const bases = mode === 'abs' ? includes : [path.dirname(schema), ...includes];
    for (const base of bases) {
      const file = path.join(base, name + '.ksy');
      if (fs.existsSync(file)) {
        return Promise.resolve(load(file));
      }
    }
    return Promise.reject(new Error(`import not found: ${name}`));
  },
};

// Kaitai's Python class names: `ihdr_chunk` is `IhdrChunk`.
const className = (id) => id.split('_').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');

function walk(spec, module, py, ksy, out) {
  const enums = [];
  for (const attr of [...(spec.seq || []), ...Object.entries(spec.instances || {}).map(([id, a]) => ({ ...a, id }))]) {
    if (attr && attr.enum) {
      enums.push(attr.id);
    }
  }
  out[`${module}:${py}`] = { ksy, enums };
  for (const [id, sub] of Object.entries(spec.types || {})) {
    walk(sub, module, `${py}.${className(id)}`, `${ksy}::${id}`, out);
  }
}

const main = load(schema);
const lang = process.env.ZEROWIRE_ORACLE_LANG || 'python';
compiler.compile(lang, main, importer, lang === 'python').then((files) => {
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, source] of Object.entries(files)) {
    fs.writeFileSync(path.join(outDir, name), source);
  }
  if (lang !== 'python') {
    return;
  }
  const types = {};
  for (const spec of loaded) {
    const id = spec.meta.id;
    walk(spec, id, className(id), id, types);
  }
  fs.writeFileSync(path.join(outDir, 'types.json'), JSON.stringify(types, null, 1));
}).catch((e) => {
  console.error(`the official compiler rejects ${schema}: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
