import * as React from 'react';
import { Checkbox, Grid } from '@strapi/design-system';
import type { Rule } from '../../api/types';
import { GridField } from '../../components/GridField';
import { useT } from '../../hooks/useT';

type Flags = Pick<Rule, 'allowReplies' | 'optOutFooter'>;

/**
 * Two switches of a rule's SMS: whether customers may answer (confirm, cancel: {{ reply.hint }} tells them
 * how) and whether the opt-out footer ends each SMS to a customer. The preview beside the message shows both.
 */
export const MessageOptions = React.memo(function MessageOptions({
  rule,
  errors,
  disabled,
  onChange,
}: {
  rule: Flags;
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (changes: Flags) => void;
}) {
  const t = useT();
  return (
    <Grid.Root gap={4} data-testid="message-options">
      <GridField
        col={6}
        s={12}
        name="optOutFooter"
        error={errors.optOutFooter}
        hint={t('editor.optOutFooter.hint')}
        label={t('editor.optOutFooter.label')}
      >
        <Checkbox
          checked={rule.optOutFooter !== false}
          disabled={disabled}
          onCheckedChange={(checked) => onChange({ optOutFooter: checked === true })}
        >
          {t('editor.optOutFooter')}
        </Checkbox>
      </GridField>
      <GridField
        col={6}
        s={12}
        name="allowReplies"
        error={errors.allowReplies}
        hint={t('editor.allowReplies.hint')}
        label={t('editor.allowReplies.label')}
      >
        <Checkbox
          checked={rule.allowReplies === true}
          disabled={disabled}
          onCheckedChange={(checked) => onChange({ allowReplies: checked === true })}
        >
          {t('editor.allowReplies')}
        </Checkbox>
      </GridField>
    </Grid.Root>
  );
});
