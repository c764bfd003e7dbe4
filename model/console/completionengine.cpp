#include "model/console/completionengine.h"

#include "model/sqlident.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace dbx::model {

namespace {

using Kind = CompletionCandidate::Kind;
using Catalog = CompletionCatalog;

// The words of the candidates' details, translated under the engine's name.
struct Words {
    Q_DECLARE_TR_FUNCTIONS(dbx::model::CompletionEngine)
};

// Lower is listed first among candidates that match equally well.
int priority(Kind kind)
{
    switch (kind) {
    case Kind::Join:
        return 0;
    case Kind::Column:
        return 1;
    case Kind::Table:
    case Kind::View:
    case Kind::Type:
        return 2;
    case Kind::Function:
        return 3;
    case Kind::Schema:
        return 5;
    case Kind::Keyword:
        return 7;
    }
    return 7;
}

bool isSystemSchema(const QString &schema)
{
    return schema == QLatin1String("pg_catalog") || schema == QLatin1String("information_schema");
}

// Gathers the candidates that match the word typed with their rank, then returns the best.
class Collector {
public:
    Collector(const CompletionContext &ctx, const CompletionRecency *recency)
        : m_typed(ctx.prefix.toLower())
        , m_exact(ctx.prefix)
        , m_quoted(ctx.quoted)
    {
        if (recency) {
            const QStringList names = recency->names();
            for (int i = 0; i < names.size(); ++i)
                m_recent.insert(names.at(i), i);
        }
    }
    // A quoted word is matched with its case, the way PostgreSQL compares quoted names.
    // Once `limit` prefixes matched, a subsequence match can no longer make the list.
    bool matches(const QString &lowerName, MatchScore *score, const QString &name = {}) const
    {
        const bool found = m_quoted && !name.isEmpty() ? fuzzyMatch(m_exact, name, score)
                                                       : fuzzyMatch(m_typed, lowerName, score);
        return found && (score->category == 0 || m_prefixMatches < m_limit);
    }
    void setLimit(int limit) { m_limit = limit; }
    // A quoted word typed takes a quoted name: the opening quote is part of what is replaced.
    QString name(const Catalog &catalog, const QString &identifier) const
    {
        return m_quoted ? quoteIdent(identifier) : catalog.identifier(identifier);
    }
    // `order` breaks ties within a kind (a column's position in its table).
    void add(CompletionCandidate candidate, const MatchScore &score, int extraPriority = 0,
             int order = 0)
    {
        const int recency = m_recent.value(candidate.text, INT_MAX);
        const int rank = priority(candidate.kind) + extraPriority;
        m_prefixMatches += score.category == 0 ? 1 : 0;
        m_entries.push_back(Entry{std::move(candidate), score, recency, rank, order});
    }
    QList<CompletionCandidate> take(int limit)
    {
        const auto better = [](const Entry &a, const Entry &b) {
            if (a.score.category != b.score.category)
                return a.score.category < b.score.category;
            // A whole join is what JOIN and ON are typed for: it stays above recent names.
            const bool joinA = a.candidate.kind == Kind::Join;
            if (joinA != (b.candidate.kind == Kind::Join))
                return joinA;
            if (a.recency != b.recency)
                return a.recency < b.recency;
            if (a.score.tightness != b.score.tightness)
                return a.score.tightness < b.score.tightness;
            if (a.priority != b.priority)
                return a.priority < b.priority;
            if (a.score.start != b.score.start)
                return a.score.start < b.score.start;
            if (a.order != b.order)
                return a.order < b.order;
            if (a.candidate.text.size() != b.candidate.text.size())
                return a.candidate.text.size() < b.candidate.text.size();
            return a.candidate.text < b.candidate.text;
        };
        const size_t keep = std::min(m_entries.size(), size_t(std::max(limit, 0)));
        std::partial_sort(m_entries.begin(), m_entries.begin() + qsizetype(keep), m_entries.end(),
                          better);
        QList<CompletionCandidate> out;
        out.reserve(qsizetype(keep));
        for (size_t i = 0; i < keep; ++i)
            out << std::move(m_entries[i].candidate);
        return out;
    }

private:
    struct Entry {
        CompletionCandidate candidate;
        MatchScore score;
        int recency = INT_MAX;
        int priority = 0;
        int order = 0;
    };
    int m_limit = INT_MAX;
    int m_prefixMatches = 0;
    QString m_typed;
    QString m_exact;
    bool m_quoted;
    QHash<QString, int> m_recent;
    std::vector<Entry> m_entries;
};

// A relation of the statement's scope with its place in the catalog.
struct InScope {
    ScopeTable table;
    int relation = -1;
};

QList<InScope> resolve(const Catalog &catalog, const QList<ScopeTable> &tables)
{
    QList<InScope> out;
    for (const ScopeTable &table : tables) {
        const int at = catalog.resolveRelation(table.schema, table.name);
        if (at >= 0)
            out << InScope{table, at};
    }
    return out;
}

// The letters that start each word of the name: "vacancies_replies" -> "vr"; a number is added
// when the statement uses that name already.
QString inventAlias(const QString &name, const QList<InScope> &scope)
{
    QString base;
    for (const QString &part : name.toLower().split(QLatin1Char('_'), Qt::SkipEmptyParts))
        if (part.at(0).isLetter())
            base += part.at(0);
    if (base.isEmpty())
        base = QStringLiteral("t");
    QSet<QString> used;
    for (const InScope &s : scope)
        used << s.table.reference() << s.table.name;
    QString alias = base;
    for (int n = 2; used.contains(alias); ++n)
        alias = base + QString::number(n);
    return alias;
}

// "r.worker_id = w.id AND ..." between the columns of two references.
QString condition(const Catalog &catalog, const QString &left, const QStringList &leftColumns,
                  const QString &right, const QStringList &rightColumns)
{
    QStringList parts;
    for (qsizetype i = 0; i < leftColumns.size(); ++i)
        parts << catalog.identifier(left) + QLatin1Char('.') +
                     catalog.identifier(leftColumns.at(i)) + QLatin1String(" = ") +
                     catalog.identifier(right) + QLatin1Char('.') +
                     catalog.identifier(rightColumns.at(i));
    return parts.join(QLatin1String(" AND "));
}

class Generator {
public:
    Generator(const Catalog &catalog, const CompletionContext &ctx, Collector &out)
        : m_c(catalog)
        , m_ctx(ctx)
        , m_out(out)
        , m_scope(resolve(catalog, ctx.scope))
    {}
    void relations();
    void joins();
    void joinConditions();
    void columns();
    void functions();
    void types();
    void keywords();

private:
    void columnsOf(const InScope *table, bool qualify);
    const InScope *qualifierInScope() const;

    const Catalog &m_c;
    const CompletionContext &m_ctx;
    Collector &m_out;
    QList<InScope> m_scope;
};

void Generator::relations()
{
    const bool schemaGiven = !m_ctx.qualifier.isEmpty();
    if (schemaGiven && !m_c.hasSchema(m_ctx.qualifier))
        return;
    MatchScore score;
    const auto &all = m_c.relations();
    for (int i = 0; i < all.size(); ++i) {
        const Catalog::Relation &r = all.at(i);
        if (schemaGiven && r.schema != m_ctx.qualifier)
            continue;
        if (!m_out.matches(r.lower, &score, r.name))
            continue;
        const bool view = r.kind == Catalog::Relation::Kind::View ||
                          r.kind == Catalog::Relation::Kind::MaterializedView;
        CompletionCandidate c;
        c.kind = view ? Kind::View : Kind::Table;
        c.insert = schemaGiven || m_ctx.quoted ? m_out.name(m_c, r.name) : m_c.relationText(i);
        c.text = c.insert;
        c.detail = r.kind == Catalog::Relation::Kind::MaterializedView
                       ? Words::tr("materialized view")
                   : view ? Words::tr("view")
                          : Words::tr("table");
        // The user's own schemas on the search_path first, then the others, the system last.
        const int extra = isSystemSchema(r.schema) ? 4 : m_c.onSearchPath(r.schema) ? 0 : 1;
        m_out.add(std::move(c), score, extra);
    }
    if (schemaGiven)
        return;
    for (const QString &schema : m_c.schemas()) {
        if (!m_out.matches(schema.toLower(), &score))
            continue;
        CompletionCandidate c;
        c.kind = Kind::Schema;
        c.insert = m_out.name(m_c, schema);
        c.text = c.insert;
        c.detail = Words::tr("schema");
        m_out.add(std::move(c), score, isSystemSchema(schema) ? 2 : 0);
    }
}

void Generator::joins()
{
    MatchScore score;
    const QList<InScope> before = resolve(m_c, m_ctx.before());
    for (const InScope &from : before) {
        const Catalog::Relation &here = m_c.relations().at(from.relation);
        for (const int fkIndex : here.foreignKeys) {
            const Catalog::ForeignKey &fk = m_c.foreignKeys().at(fkIndex);
            // Both directions: the key may leave this table or point at it.
            for (const bool outgoing : {true, false}) {
                if ((outgoing ? fk.from : fk.to) != from.relation)
                    continue;
                const int other = outgoing ? fk.to : fk.from;
                const Catalog::Relation &there = m_c.relations().at(other);
                if (!m_out.matches(there.lower, &score))
                    continue;
                const QString alias = inventAlias(there.name, m_scope);
                const QStringList &mine = outgoing ? fk.fromColumns : fk.toColumns;
                const QStringList &theirs = outgoing ? fk.toColumns : fk.fromColumns;
                CompletionCandidate c;
                c.kind = Kind::Join;
                c.insert = m_c.relationText(other) + QLatin1Char(' ') + alias +
                           QLatin1String(" ON ") +
                           condition(m_c, alias, theirs, from.table.reference(), mine);
                c.text = c.insert;
                c.detail = Words::tr("join on a foreign key");
                m_out.add(std::move(c), score);
            }
        }
    }
}

void Generator::joinConditions()
{
    const QList<InScope> before = resolve(m_c, m_ctx.before());
    int last = -1;
    for (int i = 0; i < before.size(); ++i)
        if (before.at(i).table.joined)
            last = i;
    if (last < 0)
        return;
    const InScope &joined = before.at(last);
    MatchScore score;
    for (int i = 0; i < before.size(); ++i) {
        const InScope &other = before.at(i);
        if (i == last)
            continue;
        for (const int fkIndex : m_c.relations().at(joined.relation).foreignKeys) {
            const Catalog::ForeignKey &fk = m_c.foreignKeys().at(fkIndex);
            const bool outgoing = fk.from == joined.relation && fk.to == other.relation;
            const bool incoming = fk.to == joined.relation && fk.from == other.relation;
            if (!outgoing && !incoming)
                continue;
            CompletionCandidate c;
            c.kind = Kind::Join;
            c.insert =
                condition(m_c, joined.table.reference(), outgoing ? fk.fromColumns : fk.toColumns,
                          other.table.reference(), outgoing ? fk.toColumns : fk.fromColumns);
            c.text = c.insert;
            c.detail = Words::tr("join condition");
            if (m_out.matches(c.insert.toLower(), &score))
                m_out.add(std::move(c), score);
        }
    }
}

const InScope *Generator::qualifierInScope() const
{
    for (const InScope &s : m_scope)
        if (s.table.reference() == m_ctx.qualifier)
            return &s;
    for (const InScope &s : m_scope)
        if (s.table.name == m_ctx.qualifier)
            return &s;
    return nullptr;
}

void Generator::columnsOf(const InScope *table, bool qualify)
{
    MatchScore score;
    const Catalog::Relation &r = m_c.relations().at(table->relation);
    for (const Catalog::Column &column : r.columns) {
        if (!m_out.matches(column.lower, &score, column.name))
            continue;
        CompletionCandidate c;
        c.kind = Kind::Column;
        c.insert = m_out.name(m_c, column.name);
        if (qualify)
            c.insert = m_c.identifier(table->table.reference()) + QLatin1Char('.') + c.insert;
        c.text = c.insert;
        c.detail = column.type + QStringLiteral(" · ") + table->table.reference();
        m_out.add(std::move(c), score, 0, column.position);
    }
}

void Generator::columns()
{
    if (!m_ctx.qualifier.isEmpty()) {
        if (const InScope *table = qualifierInScope()) {
            columnsOf(table, false);
            return;
        }
        const int at = m_c.resolveRelation(QString(), m_ctx.qualifier);
        if (at >= 0) {
            const InScope named{ScopeTable{QString(), m_ctx.qualifier, QString(), 0, false}, at};
            columnsOf(&named, false);
        }
        return;
    }
    // A name that more than one table in scope has is offered qualified by each.
    QHash<QString, int> seen;
    for (const InScope &s : m_scope)
        for (const Catalog::Column &column : m_c.relations().at(s.relation).columns)
            ++seen[column.name];
    for (const InScope &s : m_scope) {
        bool shared = false;
        for (const Catalog::Column &column : m_c.relations().at(s.relation).columns)
            shared = shared || seen.value(column.name) > 1;
        if (!shared) {
            columnsOf(&s, false);
            continue;
        }
        MatchScore score;
        for (const Catalog::Column &column : m_c.relations().at(s.relation).columns) {
            if (!m_out.matches(column.lower, &score, column.name))
                continue;
            const bool qualify = seen.value(column.name) > 1;
            CompletionCandidate c;
            c.kind = Kind::Column;
            c.insert =
                (qualify ? m_c.identifier(s.table.reference()) + QLatin1Char('.') : QString()) +
                m_c.identifier(column.name);
            c.text = c.insert;
            c.detail = column.type + QStringLiteral(" · ") + s.table.reference();
            m_out.add(std::move(c), score, 0, column.position);
        }
    }
}

void Generator::functions()
{
    MatchScore score;
    const auto &all = m_c.functions();
    for (qsizetype i = 0; i < all.size();) {
        // Overloads are adjacent (ordered by schema and name): one entry for all of them.
        const Catalog::Function &f = all.at(i);
        qsizetype next = i + 1;
        bool takesArguments = !f.arguments.isEmpty();
        for (; next < all.size() && all.at(next).name == f.name && all.at(next).schema == f.schema;
             ++next)
            takesArguments = takesArguments || !all.at(next).arguments.isEmpty();
        const qsizetype overloads = next - i;
        i = next;
        const bool wanted =
            m_ctx.qualifier.isEmpty() ? m_c.onSearchPath(f.schema) : f.schema == m_ctx.qualifier;
        if (!wanted || f.procedure || !m_out.matches(f.lower, &score))
            continue;
        CompletionCandidate c;
        c.kind = Kind::Function;
        c.insert = m_out.name(m_c, f.name) + QLatin1String("()");
        c.caretBack = takesArguments ? 1 : 0;
        c.text = m_out.name(m_c, f.name);
        c.detail = QStringLiteral("(%1) → %2").arg(f.arguments, f.result);
        if (overloads > 1)
            c.detail += QLatin1Char(' ') + Words::tr("(+%n more)", nullptr, int(overloads - 1));
        m_out.add(std::move(c), score, isSystemSchema(f.schema) ? 1 : 0);
    }
}

void Generator::types()
{
    MatchScore score;
    for (const Catalog::Type &t : m_c.types()) {
        const bool wanted = m_ctx.qualifier.isEmpty() || t.schema == m_ctx.qualifier;
        if (!wanted || !m_out.matches(t.lower, &score))
            continue;
        CompletionCandidate c;
        c.kind = Kind::Type;
        const bool bare = !m_ctx.qualifier.isEmpty() || m_c.onSearchPath(t.schema);
        c.insert = bare ? m_out.name(m_c, t.name)
                        : m_c.identifier(t.schema) + QLatin1Char('.') + m_c.identifier(t.name);
        c.text = c.insert;
        switch (t.kind) {
        case Catalog::Type::Kind::Enum:
            c.detail = Words::tr("enum");
            break;
        case Catalog::Type::Kind::Domain:
            c.detail = Words::tr("domain");
            break;
        case Catalog::Type::Kind::Range:
            c.detail = Words::tr("range");
            break;
        case Catalog::Type::Kind::Base:
            c.detail = t.sqlName == t.name ? Words::tr("type") : t.sqlName;
            break;
        }
        m_out.add(std::move(c), score, isSystemSchema(t.schema) ? 1 : 0);
    }
}

// The keywords worth offering first where a statement starts and after a relation in FROM;
// anywhere else every keyword PostgreSQL knows.
const QStringList &startKeywords()
{
    static const QStringList words = {QStringLiteral("select"),
                                      QStringLiteral("insert into"),
                                      QStringLiteral("update"),
                                      QStringLiteral("delete from"),
                                      QStringLiteral("with"),
                                      QStringLiteral("create table"),
                                      QStringLiteral("create view"),
                                      QStringLiteral("create index"),
                                      QStringLiteral("alter table"),
                                      QStringLiteral("drop table"),
                                      QStringLiteral("truncate"),
                                      QStringLiteral("explain"),
                                      QStringLiteral("explain analyze"),
                                      QStringLiteral("begin"),
                                      QStringLiteral("commit"),
                                      QStringLiteral("rollback"),
                                      QStringLiteral("values"),
                                      QStringLiteral("table"),
                                      QStringLiteral("copy"),
                                      QStringLiteral("vacuum"),
                                      QStringLiteral("analyze"),
                                      QStringLiteral("grant"),
                                      QStringLiteral("set"),
                                      QStringLiteral("show")};
    return words;
}

const QStringList &afterRelationKeywords()
{
    static const QStringList words = {
        QStringLiteral("join"),       QStringLiteral("left join"), QStringLiteral("inner join"),
        QStringLiteral("right join"), QStringLiteral("full join"), QStringLiteral("cross join"),
        QStringLiteral("on"),         QStringLiteral("using"),     QStringLiteral("where"),
        QStringLiteral("group by"),   QStringLiteral("order by"),  QStringLiteral("having"),
        QStringLiteral("limit"),      QStringLiteral("offset"),    QStringLiteral("as"),
        QStringLiteral("union"),      QStringLiteral("window"),    QStringLiteral("set"),
        QStringLiteral("returning"),  QStringLiteral("for update")};
    return words;
}

void Generator::keywords()
{
    using Keywords = CompletionContext::Keywords;
    if (m_ctx.keywords == Keywords::None || !m_ctx.qualifier.isEmpty() || m_ctx.quoted)
        return;
    // Upper case unless the word typed so far is in lower case.
    const QString &typed = m_ctx.prefix;
    const bool lower = !typed.isEmpty() && typed == typed.toLower();
    QSet<QString> done;
    MatchScore score;
    const auto offer = [&](const QString &word, int extra) {
        if (done.contains(word) || !m_out.matches(word, &score))
            return;
        done.insert(word);
        CompletionCandidate c;
        c.kind = Kind::Keyword;
        c.insert = lower ? word : word.toUpper();
        c.text = c.insert;
        c.detail = Words::tr("keyword");
        m_out.add(std::move(c), score, extra);
    };
    if (m_ctx.keywords == Keywords::StatementStart)
        for (const QString &word : startKeywords())
            offer(word, -1);
    if (m_ctx.keywords == Keywords::AfterRelation)
        for (const QString &word : afterRelationKeywords())
            offer(word, -1);
    if (m_ctx.keywords != Keywords::StatementStart)
        for (const Catalog::Keyword &keyword : m_c.keywords())
            offer(keyword.word, 0);
}

} // namespace

CompletionEngine::CompletionEngine(std::shared_ptr<const CompletionCatalog> catalog)
    : m_catalog(catalog ? std::move(catalog) : std::make_shared<CompletionCatalog>())
{}

void CompletionEngine::setCatalog(std::shared_ptr<const CompletionCatalog> catalog)
{
    if (catalog)
        m_catalog = std::move(catalog);
}

CompletionResult CompletionEngine::complete(const QString &text, qsizetype cursor,
                                            const CompletionRecency *recency) const
{
    CompletionResult result;
    result.context = completionContext(text, cursor);
    const CompletionContext &ctx = result.context;
    if (ctx.suppressed)
        return result;
    Collector collector(ctx, recency);
    collector.setLimit(m_limit);
    Generator generate(*m_catalog, ctx, collector);
    if (ctx.joins)
        generate.joins();
    if (ctx.joinConditions)
        generate.joinConditions();
    if (ctx.relations)
        generate.relations();
    if (ctx.columns)
        generate.columns();
    if (ctx.functions)
        generate.functions();
    if (ctx.types)
        generate.types();
    generate.keywords();
    result.candidates = collector.take(m_limit);
    return result;
}

} // namespace dbx::model
