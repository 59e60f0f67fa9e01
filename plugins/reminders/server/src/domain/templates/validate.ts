import type { Template, Variable } from 'liquidjs';
import type { TargetDefinition } from '../targets';
import { CHANGE_VARIABLES, changeContext, sampleEvent } from '../record-events';
import { TEMPLATE_VARIABLES, buildTemplateContext, sampleRecord, templateVariablesOf } from './context';
import { engine, parseTemplate, renderTemplate, toTemplateError } from './engine';

/** One reason a template is refused; `path` names the variable when a variable is the problem. */
export interface TemplateProblem {
  path?: string;
  message: string;
}

const variableNames = new WeakMap<Template[], Variable[]>();

/** The variables a template reads from its data, each with where it first appears. */
function globalVariables(templates: Template[]): Variable[] {
  let variables = variableNames.get(templates);
  if (!variables) {
    const seen = new Map<string, Variable>();
    for (const occurrence of Object.values(engine.analyzeSync(templates, { partials: false }).globals).flat()) {
      const name = occurrence.toString();
      if (!seen.has(name)) seen.set(name, occurrence);
    }
    variables = [...seen.values()];
    variableNames.set(templates, variables);
  }
  return variables;
}

/** The variables a (parsable) template uses, written like "invoice.balance". */
export const templateVariables = (source: string): string[] => globalVariables(parseTemplate(source)).map(String);

/** Whether a template uses a variable; false for one that does not parse (that is refused for its own reason). */
export function usesVariable(source: string, variable: string): boolean {
  try {
    return templateVariables(source).includes(variable);
  } catch {
    return false;
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function variableProblem(
  variable: Variable,
  target: TargetDefinition,
  known: readonly string[]
): TemplateProblem | undefined {
  const name = variable.toString();
  const where = `line ${variable.location.row}, column ${variable.location.col}`;
  if (variable.segments.some((segment) => typeof segment !== 'string')) {
    return {
      path: name,
      message: `${where}: "${name}" is not a variable; write variables by name, such as customer.name`,
    };
  }
  if (known.includes(name)) return undefined;
  if ((CHANGE_VARIABLES as readonly string[]).includes(name))
    return { path: name, message: `${where}: "${name}" is only available in rules that count from an event` };
  const members = known.filter((path) => path.startsWith(`${name}.`));
  if (members.length)
    return { path: name, message: `${where}: "${name}" is a group of variables; use ${members.join(', ')}` };
  const leaf = known.find((path) => name.startsWith(`${path}.`));
  if (leaf) return { path: name, message: `${where}: unknown variable "${name}" (${leaf} has no properties)` };
  const otherTarget = (Object.keys(TEMPLATE_VARIABLES) as (keyof typeof TEMPLATE_VARIABLES)[]).find((other) =>
    (TEMPLATE_VARIABLES[other] as readonly string[]).includes(name)
  );
  if (otherTarget)
    return {
      path: name,
      message: `${where}: "${name}" is only available in ${otherTarget} templates, not ${target.key} ones`,
    };
  const [closest] = known
    .map((path) => ({ path, distance: editDistance(name, path) }))
    .sort((a, b) => a.distance - b.distance);
  const hint =
    closest.distance <= 3 ? `did you mean ${closest.path}?` : `${target.key} templates can use ${known.join(', ')}`;
  return { path: name, message: `${where}: unknown variable "${name}"; ${hint}` };
}

/**
 * Whether a template can be saved for rules of `target`: it must parse (no unknown tag or filter), use only
 * the target's variables, and render against sample data (a filter given a value it cannot format, a
 * message past the length limit). Returns the problems, none when the template is valid.
 */
export function validateTemplate(
  source: string,
  target: TargetDefinition,
  anchor?: string,
  maxLength?: number
): TemplateProblem[] {
  let templates: Template[];
  try {
    templates = parseTemplate(source);
  } catch (error) {
    return [{ message: toTemplateError(error).message }];
  }
  const event = anchor !== undefined && target.anchors[anchor]?.kind === 'event';
  const known = [...templateVariablesOf(target), ...(event ? CHANGE_VARIABLES : [])];
  const problems = globalVariables(templates)
    .map((variable) => variableProblem(variable, target, known))
    .filter((problem): problem is TemplateProblem => problem !== undefined);
  if (problems.length) return problems;

  const now = new Date();
  const timeZone = 'Africa/Nairobi';
  const settings = { companyName: 'Demo Company', links: {}, timeZone, locale: 'en' };
  try {
    const sample = sampleRecord(target, now, timeZone);
    const change = event ? changeContext(target, anchor, sampleEvent(target, anchor, sample)) : undefined;
    renderTemplate(
      source,
      buildTemplateContext(target, sample, settings, now, change),
      {
        locale: 'en',
        timeZone,
        now,
      },
      maxLength
    );
  } catch (error) {
    return [{ message: `cannot be rendered with sample data: ${toTemplateError(error).message}` }];
  }
  return [];
}
