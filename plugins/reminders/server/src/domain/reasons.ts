/**
 * Why a delivery was skipped, deferred, cancelled, expired or failed. A reason is a key and its values, so the
 * admin can say it in the editor's language (translations `reason.<key>`); `reasonText` is the English
 * sentence kept in the delivery's `reason` for the API and the logs.
 */
export type ReasonValues = Record<string, string | number>;

export interface Reason {
  key: ReasonKey;
  values: ReasonValues;
}

const TEXTS = {
  /** A provider's or SDK's own words, passed through. */
  text: (values: ReasonValues) => String(values.text),
} satisfies Record<string, (values: ReasonValues) => string>;

export type ReasonKey = keyof typeof TEXTS;

export const reason = (key: ReasonKey, values: ReasonValues = {}): Reason => ({ key, values });

export const reasonText = ({ key, values }: Reason): string => TEXTS[key](values);
