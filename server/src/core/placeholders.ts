// Stand-ins for values: what a template or a README tells the reader to fill in. A placeholder is not
// a value: it is never judged as one, and never used as a signing key.
import { fileName } from './text.js';

/** Template files (`.env.example`, `env.sample`, `compose.template.yml`, `.env.dist`): their secrets are stand-ins. */
export function isTemplateFile(path: string): boolean {
  const name = fileName(path).toLowerCase();
  return name.split(/[._-]/).some((part) => TEMPLATE_WORDS.has(part));
}

const TEMPLATE_WORDS = new Set(['example', 'examples', 'sample', 'samples', 'template', 'templates', 'tpl', 'tmpl', 'dist', 'default', 'defaults']);

/** Shell and template syntax that stands for a value: `$(cmd)`, `` `cmd` ``, `${VAR}`, `$VAR`, `<your-key>`, `{{ x }}`, `%VAR%`. */
const SYNTACTIC = /\$\(|`|\$\{|^\$[A-Za-z_]|<[^>]*>|\{\{|\{%|^%[A-Za-z_]+%$/;
/** Words of a value meant to be replaced, or a run of one filler character. */
const WORDS = /change[_-]?(me|it|this)|replace|your[_-]?|placeholder|insert|fill[_-]?(me|in)|set[_-]?me|todo|fixme|redacted|dummy|xxxx|generate|random|secret|example|^(x+|\*+|\.+|…|-+|_+|#+|0+)$/i;

export function isPlaceholderValue(value: string): boolean {
  return SYNTACTIC.test(value);
}

/** A secret's stand-in: placeholder syntax, or a value that plainly asks to be replaced. */
export function isPlaceholderSecret(value: string): boolean {
  return SYNTACTIC.test(value) || WORDS.test(value);
}
