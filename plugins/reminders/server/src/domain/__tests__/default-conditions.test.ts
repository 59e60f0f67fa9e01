import { withMissingDefaults } from '../conditions';
import { type RuleCondition, withDefaultConditions } from '../rule-definition';
import { BUILT_IN_TARGETS, type TargetDefinition } from '../targets';

const notPaid: RuleCondition = { field: 'paymentStatus', operator: 'notIn', value: ['paid'] };
const notVoid: RuleCondition = { field: 'invoiceStatus', operator: 'notIn', value: ['void'] };
const positive: RuleCondition = { field: 'balance', operator: 'gt', value: '0' };
/** An invoice target with an event anchor, as the event anchors will add them. */
const withEvent: TargetDefinition = {
  ...BUILT_IN_TARGETS.invoice,
  anchors: { ...BUILT_IN_TARGETS.invoice.anchors, paid: { field: 'updatedAt', kind: 'event', name: 'payment' } },
};
const targets = { ...BUILT_IN_TARGETS, invoice: withEvent };

describe('withDefaultConditions: a rule created without conditions', () => {
  it.each([[undefined], [null]])('gets its target’s defaults when conditions are %p', (conditions) => {
    expect(withDefaultConditions({ target: 'invoice', anchor: 'due_date', conditions }, targets).conditions).toEqual([
      notPaid,
      notVoid,
    ]);
    expect(withDefaultConditions({ target: 'appointment', anchor: 'starts_at' }, targets).conditions).toEqual([
      { field: 'appointmentStatus', operator: 'notIn', value: ['cancelled'] },
    ]);
  });

  it('keeps an explicit list, empty included (every status)', () => {
    expect(
      withDefaultConditions({ target: 'invoice', anchor: 'due_date', conditions: [] }, targets).conditions
    ).toEqual([]);
    const rule = { target: 'invoice', anchor: 'due_date', conditions: [positive] };
    expect(withDefaultConditions(rule, targets)).toBe(rule);
  });

  it('adds none to an event rule, or to a rule whose target or anchor is unknown (validation says why)', () => {
    for (const rule of [
      { target: 'invoice', anchor: 'paid' },
      { target: 'nope', anchor: 'due_date' },
      { target: 'invoice', anchor: 'constructor' },
      { target: 'invoice' },
    ])
      expect(withDefaultConditions(rule, targets).conditions).toBeUndefined();
  });

  it('gives each rule its own copy of the defaults', () => {
    const conditions = withDefaultConditions({ target: 'invoice', anchor: 'due_date' }, targets).conditions as {
      value: string[];
    }[];
    conditions[0].value.push('partially_paid');
    expect(withEvent.defaultConditions[0].value).toEqual(['paid']);
  });
});

describe('withMissingDefaults: what the migration writes into an existing rule', () => {
  it('adds every default to a rule without conditions', () => {
    expect(withMissingDefaults(withEvent, 'due_date', null)).toEqual([notPaid, notVoid]);
    expect(withMissingDefaults(withEvent, 'due_date', [])).toEqual([notPaid, notVoid]);
  });

  it('appends only the missing ones after the rule’s own, an equivalent one counting as there', () => {
    expect(withMissingDefaults(withEvent, 'due_date', [positive, notVoid])).toEqual([positive, notVoid, notPaid]);
    const reordered: RuleCondition = { field: 'invoiceStatus', operator: 'notIn', value: ['void'] };
    expect(withMissingDefaults(withEvent, 'due_date', [notPaid, reordered])).toBeUndefined();
  });

  it('leaves event rules, grouped rules and targets without defaults alone', () => {
    expect(withMissingDefaults(withEvent, 'paid', null)).toBeUndefined();
    expect(withMissingDefaults(withEvent, 'due_date', { anyOf: [[positive]] })).toBeUndefined();
    expect(withMissingDefaults({ ...withEvent, defaultConditions: [] }, 'due_date', null)).toBeUndefined();
  });

  it('is idempotent: a migrated rule needs nothing more', () => {
    const once = withMissingDefaults(withEvent, 'due_date', [positive]);
    expect(withMissingDefaults(withEvent, 'due_date', once)).toBeUndefined();
  });
});
