package dev.atrium.demo;

import dev.atrium.Platform;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.record.RecordContext;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic sample data for the crm-core template: a few thousand records with names in English,
 * Spanish, Chinese and Russian, written through the normal bulk write path (so it is validated like
 * any client's data). Deterministic: the same seed gives the same data.
 */
public final class DemoData {
    private static final String[][] COMPANIES = {
        {
            "Acme Industries",
            "Northwind Traders",
            "Blue Harbor Logistics",
            "Summit Health",
            "Brightline Software",
            "Evergreen Foods"
        },
        {
            "Construcciones Ibéricas",
            "Textiles del Sur",
            "Banco Mediterráneo",
            "Viñedos Rioja",
            "Logística Andina",
            "Farmacia Central"
        },
        {"华为技术", "上海长江贸易", "北京金山软件", "深圳腾飞电子", "杭州阿里云计算", "广州白云医药"},
        {
            "Сибирские Металлы",
            "Волга Логистик",
            "Московский Банк Развития",
            "Уральские Машины",
            "Северный Ритейл",
            "Балтийская Верфь"
        }
    };
    private static final String[][] FIRST = {
        {"James", "Emily", "Michael", "Sarah", "David", "Laura"},
        {"Lucía", "Javier", "Carmen", "Alejandro", "Sofía", "Pablo"},
        {"伟", "芳", "娜", "敏", "静", "强"},
        {"Иван", "Анна", "Дмитрий", "Елена", "Сергей", "Ольга"}
    };
    private static final String[][] LAST = {
        {"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clark"},
        {"García", "Martínez", "López", "Sánchez", "Pérez", "Gómez"},
        {"王", "李", "张", "刘", "陈", "杨"},
        {"Иванов", "Петрова", "Смирнов", "Кузнецова", "Попов", "Соколова"}
    };
    private static final String[] CITIES = {
        "London", "Madrid", "上海", "Москва", "New York", "Barcelona", "北京", "Санкт-Петербург"
    };
    private static final String[] STREETS = {
        "High Street",
        "Calle de Alcalá",
        "南京路",
        "Тверская улица",
        "Broadway",
        "Passeig de Gràcia",
        "长安街",
        "Невский проспект"
    };
    private static final String[] COUNTRIES = {"UK", "Spain", "China", "Russia", "USA", "Spain", "China", "Russia"};
    private static final String[] STAGES = {"prospect", "qualification", "proposal", "negotiation", "won", "lost"};

    private final Platform platform;
    private final RecordContext ctx;
    private final Random random = new Random(42);
    private final int scale;

    public DemoData(Platform platform, Tenant tenant, Principal admin) {
        this(platform, tenant, admin, 1);
    }

    /** @param scale how many times the default amount (about 5,000 records): 20 gives about 100,000 */
    public DemoData(Platform platform, Tenant tenant, Principal admin, int scale) {
        this.scale = scale;
        this.platform = platform;
        this.ctx = new RecordContext(
                tenant, admin, platform.metadata().snapshot(tenant.id()), dev.atrium.access.Access.FULL);
    }

    private SqlConnection conn;
    private int total;

    /**
     * Loads the sample data in one transaction, so an interrupted load leaves nothing behind and the next
     * start loads it again; returns how many records were created. Awaits: virtual thread only.
     */
    public int load() {
        return Tx.run(platform.pool(), connection -> {
            this.conn = connection;
            this.total = 0;
            return loadAll();
        });
    }

    private int loadAll() {
        List<String> campaigns = create(
                "campaign",
                n(12),
                i -> new JsonObject()
                        .put("name", "Campaign " + (2025 + i / 6) + "-" + (i % 6 + 1))
                        .put("type", pick("email", "event", "web", "social", "ads"))
                        .put("status", pick("planned", "active", "completed"))
                        .put("budget", money(5_000, 80_000))
                        .put("start_date", date(-300, 0)));
        List<String> accounts = create("account", n(320), i -> {
            int lang = i % 4;
            String name = COMPANIES[lang][i / 4 % 6] + (i >= 24 ? " " + (i / 24 + 1) : "");
            int c = random.nextInt(CITIES.length);
            return new JsonObject()
                    .put("name", name)
                    .put("type", pick("prospect", "customer", "customer", "partner"))
                    .put(
                            "industry",
                            pick(
                                    "manufacturing",
                                    "retail",
                                    "finance",
                                    "healthcare",
                                    "technology",
                                    "education",
                                    "logistics"))
                    .put("rating", pick("hot", "warm", "cold"))
                    .put("city", CITIES[c])
                    .put("country", COUNTRIES[c])
                    .put(
                            "billing_address",
                            new JsonObject()
                                    .put("street", STREETS[c] + " " + (1 + random.nextInt(200)))
                                    .put("postal_code", String.valueOf(10000 + random.nextInt(89999)))
                                    .put("city", CITIES[c])
                                    .put("country", COUNTRIES[c]))
                    .put("phone", "+" + (10 + random.nextInt(89)) + " " + (100000000 + random.nextInt(899999999)))
                    .put("annual_revenue", money(100_000, 90_000_000))
                    .put("employees", 5 + random.nextInt(5000))
                    .put("website", "https://example.com/" + i);
        });
        List<String> contacts = create("contact", n(640), i -> {
            int lang = i % 4;
            return new JsonObject()
                    .put("first_name", FIRST[lang][random.nextInt(6)])
                    .put("last_name", LAST[lang][random.nextInt(6)])
                    .put("account", accounts.get(i % accounts.size()))
                    .put("email", "contact" + i + "@example.com")
                    .put(
                            "preferred_language",
                            List.of("english", "spanish", "chinese", "russian").get(lang));
        });
        create("lead", n(400), i -> {
            int lang = i % 4;
            return new JsonObject()
                    .put("name", FIRST[lang][random.nextInt(6)] + " " + LAST[lang][random.nextInt(6)])
                    .put("company", COMPANIES[lang][random.nextInt(6)])
                    .put("email", "lead" + i + "@example.org")
                    .put("source", pick("web", "referral", "event", "phone", "partner"))
                    .put("status", pick("new", "working", "qualified", "unqualified"))
                    .put("campaign", campaigns.get(random.nextInt(campaigns.size())));
        });
        create(
                "campaign_member",
                n(150),
                i -> new JsonObject()
                        .put("campaign", campaigns.get(i % campaigns.size()))
                        .put("contact", contacts.get(random.nextInt(contacts.size())))
                        .put("status", pick("planned", "sent", "sent", "responded", "converted")));
        List<String> opportunities = create(
                "opportunity",
                n(600),
                i -> new JsonObject()
                        .put("name", "Deal " + (i + 1) + " — " + pick("renewal", "expansion", "new logo", "pilot"))
                        .put("account", accounts.get(random.nextInt(accounts.size())))
                        .put("stage", STAGES[random.nextInt(STAGES.length)])
                        .put("amount", money(1_000, 250_000))
                        .put("probability", random.nextInt(101))
                        .put("close_date", date(-90, 180))
                        .put("source", pick("web", "referral", "event", "phone", "partner")));
        List<String> products = create(
                "product",
                n(40),
                i -> new JsonObject()
                        .put(
                                "name",
                                pick("Atlas", "Nova", "Orion", "Vega") + " "
                                        + pick("Server", "Suite", "Support", "Course") + " " + (i + 1))
                        .put("code", "P-" + (1000 + i))
                        .put("family", pick("hardware", "software", "services", "training"))
                        .put("unit_price", money(50, 20_000)));
        List<String> orders = create(
                "order",
                n(300),
                i -> new JsonObject()
                        .put("account", accounts.get(random.nextInt(accounts.size())))
                        .put("status", pick("confirmed", "shipped", "delivered", "delivered"))
                        .put("order_date", date(-720, 0)));
        create(
                "order_line",
                n(600),
                i -> new JsonObject()
                        .put("order", orders.get(i % orders.size()))
                        .put("product", products.get(random.nextInt(products.size())))
                        .put("quantity", 1 + random.nextInt(20))
                        .put("unit_price", money(50, 5_000)));
        create(
                "contract",
                n(60),
                i -> new JsonObject()
                        .put("account", accounts.get(i % accounts.size()))
                        .put("start_date", date(-700, -300))
                        .put("end_date", date(-20, 240))
                        .put("status", "active")
                        .put("term_months", 12)
                        .put("value", money(5_000, 90_000)));
        List<String> quotes = create(
                "quote",
                n(80),
                i -> new JsonObject()
                        .put("account", accounts.get(random.nextInt(accounts.size())))
                        .put("status", "draft")
                        .put("valid_until", date(0, 60)));
        create(
                "quote_line",
                n(200),
                i -> new JsonObject()
                        .put("quote", quotes.get(i % quotes.size()))
                        .put("product", products.get(random.nextInt(products.size())))
                        .put("quantity", 1 + random.nextInt(10))
                        .put("unit_price", money(50, 5_000))
                        .put("discount", random.nextInt(4) * 5));
        List<JsonObject> amounts = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<String> billed = new ArrayList<>();
        for (int i = 0; i < n(300); i++) {
            billed.add(accounts.get(random.nextInt(accounts.size())));
            amounts.add(money(500, 120_000));
            statuses.add(pick("issued", "paid", "paid", "overdue"));
        }
        List<String> invoices = create(
                "invoice",
                n(300),
                i -> new JsonObject()
                        .put("account", billed.get(i))
                        .put("order", orders.get(i))
                        .put("issue_date", date(-700, 0))
                        .put("due_date", date(-600, 60))
                        .put("amount", amounts.get(i))
                        .put("status", statuses.get(i)));
        List<Integer> paid = new ArrayList<>();
        for (int i = 0; i < invoices.size(); i++) if (!statuses.get(i).equals("overdue")) paid.add(i);
        create("payment", paid.size(), n -> {
            int i = paid.get(n);
            JsonObject amount = amounts.get(i).copy();
            // an issued invoice is paid in part, a paid one in full
            if (statuses.get(i).equals("issued")) amount.put("amount", amount.getInteger("amount") / 2);
            return new JsonObject()
                    .put("invoice", invoices.get(i))
                    .put("account", billed.get(i))
                    .put("amount", amount)
                    .put(
                            "paid_at",
                            OffsetDateTime.now(ZoneOffset.UTC)
                                    .minusDays(random.nextInt(700))
                                    .withNano(0)
                                    .toString())
                    .put("method", pick("transfer", "card", "cash", "alipay", "wechat"));
        });
        List<String> cases = create(
                "case",
                n(200),
                i -> new JsonObject()
                        .put(
                                "subject",
                                pick(
                                        "Cannot log in",
                                        "Invoice is wrong",
                                        "发票金额错误",
                                        "Не работает экспорт",
                                        "Entrega retrasada",
                                        "Feature request"))
                        .put("account", accounts.get(random.nextInt(accounts.size())))
                        .put("kind", pick("question", "problem", "complaint", "request"))
                        .put("status", pick("new", "open", "pending", "resolved", "closed"))
                        .put("priority", pick("low", "normal", "high")));
        create(
                "activity",
                n(500),
                i -> new JsonObject()
                        .put(
                                "subject",
                                pick(
                                        "Intro call",
                                        "Follow-up email",
                                        "Demo meeting",
                                        "拜访客户",
                                        "Звонок клиенту",
                                        "Reunión de seguimiento"))
                        .put("kind", pick("call", "email", "meeting", "note"))
                        .put(
                                "related_to",
                                new JsonObject()
                                        .put("entity", "opportunity")
                                        .put("id", opportunities.get(random.nextInt(opportunities.size()))))
                        .put(
                                "starts_at",
                                OffsetDateTime.now(ZoneOffset.UTC)
                                        .minusDays(random.nextInt(200))
                                        .withNano(0)
                                        .toString())
                        .put("done", random.nextBoolean()));
        create(
                "task",
                n(300),
                i -> new JsonObject()
                        .put(
                                "subject",
                                pick("Send proposal", "Call back", "Prepare contract", "回访客户", "Подготовить счёт"))
                        .put("due_date", date(-10, 30))
                        .put("status", pick("open", "open", "in_progress", "done"))
                        .put("priority", pick("low", "normal", "high"))
                        .put(
                                "related_to",
                                new JsonObject()
                                        .put("entity", "case")
                                        .put("id", cases.get(random.nextInt(cases.size())))));
        create(
                "knowledge_article",
                n(30),
                i -> new JsonObject()
                        .put(
                                "title",
                                pick(
                                                "How to reset a password",
                                                "如何导出报表",
                                                "Как настроить интеграцию",
                                                "Cómo emitir una factura")
                                        + " #" + (i + 1))
                        .put("body", "<p>Step-by-step guide.</p>")
                        .put("category", pick("product", "billing", "troubleshooting", "how-to"))
                        .put("published", true));
        return total;
    }

    private List<String> create(String entity, int count, java.util.function.IntFunction<JsonObject> make) {
        List<String> ids = new ArrayList<>();
        for (int start = 0; start < count; start += 500) {
            JsonArray batch = new JsonArray();
            for (int i = start; i < Math.min(count, start + 500); i++) batch.add(make.apply(i));
            JsonObject res = platform.bulk()
                    .runIn(
                            conn,
                            ctx,
                            entity,
                            dev.atrium.internal.Body.of(
                                    new JsonObject().put("operation", "create").put("records", batch),
                                    "operation",
                                    "records"));
            for (Object id : res.getJsonArray("ids")) ids.add((String) id);
            total += res.getJsonArray("ids").size();
        }
        return ids;
    }

    private int n(int count) {
        return count * scale;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private JsonObject money(int min, int max) {
        return new JsonObject()
                .put("amount", min + random.nextInt(max - min))
                .put("currency", pick("USD", "EUR", "CNY", "RUB"));
    }

    private String date(int fromDays, int toDays) {
        return LocalDate.now()
                .plusDays(fromDays + random.nextInt(toDays - fromDays + 1))
                .toString();
    }
}
