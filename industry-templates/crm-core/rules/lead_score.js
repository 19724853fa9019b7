// Lead score, 0-100: what the lead told us and how far it has come. Recomputed on every save.
const bySource = { referral: 30, partner: 25, event: 15, web: 10, phone: 5 };
let score = bySource[record.source] || 0;
if (record.email) score += 20;
if (record.phone) score += 10;
if (record.company) score += 20;
if (record.status === 'working') score += 10;
if (record.status === 'qualified') score += 20;
record.score = Math.min(score, 100);
