/** A trimmed, bounded text field of a form-encoded body (a provider's callback), or undefined. */
export const formField = (body: Record<string, unknown>, name: string, max: number) => {
  const value = body[name];
  return typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : undefined;
};
