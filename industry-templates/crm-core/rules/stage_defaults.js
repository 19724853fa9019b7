// Each stage brings its default probability and forecast category, unless the same save sets a
// probability of its own.
const probability = { prospect: 10, qualification: 20, proposal: 50, negotiation: 75, won: 100, lost: 0 };
const forecast = {
  prospect: 'pipeline', qualification: 'pipeline', proposal: 'best_case',
  negotiation: 'commit', won: 'closed', lost: 'omitted'
};
const moved = !old || old.stage !== record.stage;
if (record.stage && moved) {
  const ownProbability = old ? record.probability !== old.probability : record.probability != null;
  if (!ownProbability) record.probability = probability[record.stage];
  record.forecast_category = forecast[record.stage];
}
