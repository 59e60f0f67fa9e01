import contentTypes from '..';

/** Strapi stores a `string` attribute as varchar(255) on PostgreSQL (SQLite has no limit): longer must be `text`. */
describe('content-type schemas', () => {
  const attributes = Object.entries(contentTypes).flatMap(([name, { schema }]) =>
    Object.entries(schema.attributes as Record<string, { type: string; maxLength?: number }>).map(
      ([attribute, definition]) => ({ field: `${name}.${attribute}`, ...definition })
    )
  );

  it('gives every string attribute a maxLength that fits varchar(255)', () => {
    const strings = attributes.filter((attribute) => attribute.type === 'string');
    expect(strings.length).toBeGreaterThan(10);
    expect(
      strings
        .filter((attribute) => !(attribute.maxLength && attribute.maxLength <= 255))
        .map((attribute) => attribute.field)
    ).toEqual([]);
  });
});
