// Which series of a prior study goes beside the current one: same modality, the same
// description if there is one, else the one with the most images.
function value(item, tag) {
  const v = item[tag]?.Value;
  return v && v.length ? v[0] : undefined;
}

export function chooseSeries(items, modality, description) {
  const same = items.filter((s) => !modality || value(s, "00080060") === modality);
  const pool = same.length ? same : items;
  const named = pool.find((s) => description && value(s, "0008103E") === description);
  const count = (s) => Number(value(s, "00201209") || 0);
  const best = named || [...pool].sort((a, b) => count(b) - count(a))[0];
  return best ? value(best, "0020000E") : null;
}

export async function pickPriorSeries(api, study, current) {
  const items = await api(`/dicomweb/studies/${study}/series`);
  return chooseSeries(items || [], current?.modality, current?.description);
}
