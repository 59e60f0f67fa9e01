import { Liquid, LiquidError, type Context, type Template } from 'liquidjs';
import { isKnownZone } from './calendar';
import {
  FilterError,
  formatDate,
  formatDateTime,
  formatMoney,
  formatRelative,
  formatTime,
  type FormatSettings,
} from './filters';

/** A template that cannot be parsed or rendered; line and column point into the template when known. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number
  ) {
    super(line === undefined ? message : `line ${line}, column ${column}: ${message}`);
    this.name = 'TemplateError';
  }
}

/**
 * Logic-light on purpose: conditions, no loops, no assignments, no includes. Without `for`, `tablerow`,
 * `include`, `render` and `layout` a template cannot loop, read a file or pull in another template.
 */
export const TEMPLATE_TAGS = ['if', 'unless', 'case', 'comment', 'raw', '#'] as const;

/** Liquid's own filters that are kept; every other built-in is removed so the whole set can be documented. */
const BUILT_IN_FILTERS = ['default', 'upcase', 'downcase', 'capitalize', 'truncate'];

/** Longest message renderTemplate returns: a safety net against runaway output, far above any real SMS. */
export const MAX_RENDERED_LENGTH = 4000;

/** Longest template source parsed (rules keep theirs to 2000 characters). */
const MAX_SOURCE_LENGTH = 10_000;

// The settings of one render travel in Liquid's globals under a symbol: filters read them, templates cannot
// name them (variable lookup takes strings only), and concurrent renders never share them.
const SETTINGS = Symbol('format settings');

/** What Liquid binds `this` to in a filter (liquidjs does not export the type). */
interface FilterImpl {
  context: Context;
}

function settingsOf(filter: FilterImpl): FormatSettings {
  return (filter.context.globals as unknown as Record<symbol, FormatSettings>)[SETTINGS];
}

/**
 * The currency of the template's data (an invoice's, or a host record's `currency`), read as an own property
 * like everything else.
 */
function contextCurrency(filter: FilterImpl): unknown {
  const scope = filter.context.environments as Record<string, unknown>;
  const invoice = Object.hasOwn(scope, 'invoice') ? scope.invoice : undefined;
  if (typeof invoice === 'object' && invoice !== null && Object.hasOwn(invoice, 'currency'))
    return (invoice as { currency: unknown }).currency;
  return Object.hasOwn(scope, 'currency') ? scope.currency : undefined;
}

const CUSTOM_FILTERS: Record<string, (this: FilterImpl, value: unknown, ...args: unknown[]) => string> = {
  money(value, currency) {
    return formatMoney(value, currency ?? contextCurrency(this), settingsOf(this).locale);
  },
  date(value, format) {
    return formatDate(value, format, settingsOf(this));
  },
  time(value, format) {
    return formatTime(value, format, settingsOf(this));
  },
  datetime(value, format) {
    return formatDateTime(value, format, settingsOf(this));
  },
  relative(value) {
    return formatRelative(value, settingsOf(this));
  },
};

export const TEMPLATE_FILTERS = [...Object.keys(CUSTOM_FILTERS), ...BUILT_IN_FILTERS];

function createEngine(): Liquid {
  const engine = new Liquid({
    ownPropertyOnly: true, // no prototype: customer.name.constructor is undefined, never a function
    strictFilters: true, // an unknown filter is a parse error, not silently skipped
    strictVariables: true, // an unknown variable fails the render instead of sending a hole in the text
    templates: {}, // an in-memory, empty partial store: nothing is ever read from the file system
    relativeReference: false,
    dynamicPartials: false,
    parseLimit: MAX_SOURCE_LENGTH,
    renderLimit: 1_000, // milliseconds per render
    memoryLimit: 100_000, // characters and array items a render may allocate (ranges, string filters)
  });
  for (const name of Object.keys(engine.tags)) {
    if (!(TEMPLATE_TAGS as readonly string[]).includes(name)) delete engine.tags[name];
  }
  for (const name of Object.keys(engine.filters)) {
    if (!BUILT_IN_FILTERS.includes(name)) engine.unregisterFilter(name);
  }
  for (const [name, handler] of Object.entries(CUSTOM_FILTERS)) engine.registerFilter(name, handler);
  return engine;
}

export const engine = createEngine();

/** Liquid's message without its ", line:1, col:4" suffix, in one line, with its position. */
export function toTemplateError(error: unknown): TemplateError {
  if (error instanceof TemplateError) return error;
  if (!(error instanceof Error)) return new TemplateError(String(error));
  const cause =
    error instanceof LiquidError && error.originalError instanceof FilterError ? error.originalError : error;
  const message = cause.message
    .replace(/, line:\d+, col:\d+$/, '')
    .replace(/\s+/g, ' ')
    .replace(
      /^undefined filter: (.*)$/,
      (_, name) => `unknown filter "${name}" (filters: ${TEMPLATE_FILTERS.join(', ')})`
    )
    .replace(
      /^tag "(.*)" not found$/,
      (_, name) => `unknown or misplaced tag "${name}" (tags: ${TEMPLATE_TAGS.filter((tag) => tag !== '#').join(', ')})`
    )
    .replace(/^undefined variable: (.*)$/, (_, name) => `unknown variable "${name}"`)
    .replace(/^memory alloc limit exceeded$/, 'the template builds more text than the memory limit allows')
    .replace(/^template render limit exceeded$/, 'the template takes longer to render than the time limit allows');
  const position = error instanceof LiquidError ? error.token?.getPosition() : undefined;
  return new TemplateError(message.length > 300 ? `${message.slice(0, 300)}…` : message, position?.[0], position?.[1]);
}

const PARSE_CACHE_SIZE = 1_000;
const parsed = new Map<string, Template[]>();

/** Parses once per distinct source (a rule's template is rendered for every record it reminds). */
export function parseTemplate(source: string): Template[] {
  const cached = parsed.get(source);
  if (cached) {
    // Map keeps insertion order: re-inserting makes this the most recently used entry.
    parsed.delete(source);
    parsed.set(source, cached);
    return cached;
  }
  let templates: Template[];
  try {
    templates = engine.parse(source);
  } catch (error) {
    throw toTemplateError(error);
  }
  parsed.set(source, templates);
  if (parsed.size > PARSE_CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
  return templates;
}

/**
 * Renders a template against a context built by buildTemplateContext, synchronously. The result is trimmed
 * (whitespace around conditions would otherwise be paid for). Throws TemplateError with the position of the
 * problem when the template cannot be parsed or rendered, or renders to more than `maxLength` (an e-mail's body
 * may be longer than an SMS).
 */
export function renderTemplate(
  source: string,
  context: object,
  options: FormatSettings,
  maxLength = MAX_RENDERED_LENGTH
): string {
  if (!isKnownZone(options.timeZone)) throw new TemplateError(`"${options.timeZone}" is not an IANA time zone`);
  const templates = parseTemplate(source);
  let text: string;
  try {
    text = engine.renderSync(templates, context, { globals: { [SETTINGS]: options } });
  } catch (error) {
    throw toTemplateError(error);
  }
  text = text.trim();
  if (text.length > maxLength) {
    throw new TemplateError(`the message renders to ${text.length} characters, more than the ${maxLength} allowed`);
  }
  return text;
}
