/**
 * The plugin's 400 messages begin with the field they refuse ("sharedCategoryIds: no category with id 9", or
 * "send.products: …" for a nested one), by design: the admin puts the form's own label in its place, so a merchant
 * reads "Shared categories: no category with id 9". A message about no known field is shown as it is.
 */
export const withFieldLabel = (message: string, labels: Record<string, string>): string => {
  const match = /^([A-Za-z][\w.]*): ([\s\S]*)$/.exec(message);
  const label = match ? labels[match[1].split('.')[0]] : undefined;
  return match && label ? `${label}: ${match[2]}` : message;
};
