/** How an editor is named in a delivery's timeline: "Ada Lovelace", else their email. */
export function editorName(ctx: {
  state?: { user?: { firstname?: string | null; lastname?: string | null; username?: string | null; email?: string } };
}): string {
  const user = ctx.state?.user;
  if (!user) return 'an editor';
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ').trim();
  return name || user.username || user.email || 'an editor';
}
