import { Checkbox, Flex, TextInput, Typography } from '@strapi/design-system';
import type { Rule, RuleRecipient } from '../../api/types';
import { AddButton } from '../../components/AddButton';
import { FormField } from '../../components/FormField';
import { RemoveButton } from '../../components/RemoveButton';
import { useT } from '../../hooks/useT';

/** As many recipients as the server takes (domain/recipients.ts). */
const MAX_RECIPIENTS = 5;

/** The rule's recipients: its list, else what its older single field says. */
export const recipientsOfRule = (rule: Pick<Rule, 'recipient' | 'recipients'>): RuleRecipient[] =>
  rule.recipients?.length
    ? rule.recipients
    : rule.recipient === 'both'
      ? [{ kind: 'customer' }, { kind: 'staff' }]
      : [{ kind: rule.recipient === 'staff' ? 'staff' : 'customer' }];

interface Props {
  rule: Pick<Rule, 'recipient' | 'recipients'>;
  /** Whether the target's records have a staff phone. */
  allowsStaff: boolean;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (recipients: RuleRecipient[]) => void;
}

/** Who the rule sends to: the customer, the staff member, fixed numbers (the office), each its own SMS. */
export function RecipientsField({ rule, allowsStaff, errors, disabled, onChange }: Props) {
  const t = useT();
  const recipients = recipientsOfRule(rule);
  const has = (kind: 'customer' | 'staff') => recipients.some((recipient) => recipient.kind === kind);
  const toggle = (kind: 'customer' | 'staff', checked: boolean) =>
    onChange(checked ? [{ kind }, ...recipients] : recipients.filter((recipient) => recipient.kind !== kind));
  // A rule sends to someone: the only recipient left cannot be unticked (tick another one first).
  const last = (kind: 'customer' | 'staff') => recipients.length === 1 && has(kind);
  const update = (index: number, recipient: RuleRecipient) =>
    onChange(recipients.map((current, position) => (position === index ? recipient : current)));

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="recipients">
      <Flex gap={4} wrap="wrap">
        <Checkbox
          checked={has('customer')}
          disabled={disabled || last('customer')}
          onCheckedChange={(checked) => toggle('customer', !!checked)}
        >
          {t('recipient.customer')}
        </Checkbox>
        {allowsStaff && (
          <Checkbox
            checked={has('staff')}
            disabled={disabled || last('staff')}
            onCheckedChange={(checked) => toggle('staff', !!checked)}
          >
            {t('recipient.staff')}
          </Checkbox>
        )}
      </Flex>
      {recipients.map((recipient, index) =>
        recipient.kind === 'fixed' ? (
          <Flex key={index} gap={3} alignItems="flex-end" wrap="wrap" data-testid="fixed-recipient">
            <FormField
              name={`recipients[${index}].phone`}
              error={errors[`recipients[${index}].phone`] ?? errors[`recipients[${index}]`]}
              width="220px"
              label={t('editor.recipients.fixedPhone')}
            >
              <TextInput
                value={recipient.phone}
                disabled={disabled}
                dir="ltr"
                placeholder="+254700000001"
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  update(index, { ...recipient, phone: event.target.value })
                }
              />
            </FormField>
            <FormField
              name={`recipients[${index}].name`}
              error={errors[`recipients[${index}].name`]}
              width="220px"
              label={t('editor.recipients.fixedName')}
            >
              <TextInput
                value={recipient.name ?? ''}
                disabled={disabled}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  update(index, { ...recipient, name: event.target.value })
                }
              />
            </FormField>
            {!disabled && (
              <RemoveButton
                label={t('editor.recipients.removeFixed')}
                onClick={() => onChange(recipients.filter((_, position) => position !== index))}
              />
            )}
          </Flex>
        ) : null
      )}
      {!disabled && recipients.length < MAX_RECIPIENTS && (
        <AddButton
          label={t('editor.recipients.addFixed')}
          onClick={() => onChange([...recipients, { kind: 'fixed', phone: '' }])}
        />
      )}
      {errors.recipients && (
        <Typography variant="pi" textColor="danger600">
          {errors.recipients}
        </Typography>
      )}
      <Typography variant="pi" textColor="neutral600">
        {t('editor.recipients.hint')}
      </Typography>
    </Flex>
  );
}
