import type { RuleOptions } from '../../../api/types';
import { newRule, startConditions, switchTarget } from '../ruleDraft';

const notPaid = { field: 'paymentStatus', operator: 'notIn', value: ['paid'] };
const notCancelled = { field: 'appointmentStatus', operator: 'notIn', value: ['cancelled'] };
const target = (
  anchorKinds: Record<string, string>,
  defaultConditions: RuleOptions['targets'][string]['defaultConditions']
) => ({
  uid: '',
  displayName: '',
  builtIn: true,
  anchors: Object.keys(anchorKinds),
  dateAnchors: Object.keys(anchorKinds).filter((anchor) => anchorKinds[anchor] === 'date'),
  conditions: {},
  defaultConditions,
  anchorKinds,
  variables: [],
  moneyVariables: [],
  recipients: ['customer'],
});
const options = {
  targets: {
    invoice: target({ due_date: 'date', paid: 'event' }, [notPaid]),
    appointment: target({ starts_at: 'instant' }, [notCancelled]),
  },
} as unknown as RuleOptions;

describe('the conditions a new rule starts with', () => {
  it('are its target’s defaults, shown and editable like any other', () => {
    expect(newRule(options).conditions).toEqual([notPaid]);
    expect(switchTarget(newRule(options), 'appointment', options).conditions).toEqual([notCancelled]);
  });

  it('are none for an event anchor or an unknown target', () => {
    expect(startConditions('invoice', 'paid', options)).toEqual([]);
    expect(startConditions('nope', 'created', options)).toEqual([]);
  });

  it('are copies: editing them leaves the options as they were', () => {
    (newRule(options).conditions as { value: string[] }[])[0].value.push('void');
    expect(options.targets.invoice.defaultConditions).toEqual([notPaid]);
  });
});
