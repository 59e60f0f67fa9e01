/**
 * A customer's words in quotation marks: the marks follow the admin's direction, the words their own (an
 * Arabic reply in an English admin reads right to left inside left-to-right quotes, and the other way round).
 */
export function QuotedText({ text }: { text: string }) {
  return (
    <>
      “<bdi dir="auto">{text}</bdi>”
    </>
  );
}
