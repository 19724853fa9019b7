// A line's default price: the entry of the opportunity's price book for the product, else the product's
// list price.
if (!record.product) return null;
const deal = record.opportunity ? query('opportunity', "id = '" + record.opportunity + "'", { limit: 1 })[0] : null;
if (deal && deal.price_book) {
  const book = query('price_book', "id = '" + deal.price_book + "'", { limit: 1 })[0];
  const entry = book && (book.entries || []).find(e => (e.id || e) === record.product);
  if (entry && entry.list_price != null) return { amount: entry.list_price, currency: book.currency || 'USD' };
}
const product = query('product', "id = '" + record.product + "'", { limit: 1 })[0];
return product ? product.unit_price : null;
