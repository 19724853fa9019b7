// A won opportunity must say when it closed.
return !(record.stage === 'won' && !record.close_date);
