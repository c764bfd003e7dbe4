#include "model/console/completioncatalog.h"

#include "model/db/databaseworker.h"
#include "model/db/executor.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlDatabase>

#include <algorithm>
#include <functional>

namespace dbx::model {

namespace {

QString key(const QString &schema, const QString &name)
{
    return schema + QChar(u'\0') + name;
}

// Runs one of the completion queries from the resources, streaming its rows to `handle` by
// position (the files list their columns in the order the handlers read them).
Status runQuery(QSqlDatabase &db, const JobContext *context, const char *file,
                const std::function<void(const QVariantList &)> &handle)
{
    if (context && context->cancelled())
        return DbError::cancelled();
    QFile source(QStringLiteral(":/dbx/completion/%1").arg(QLatin1String(file)));
    if (!source.open(QIODevice::ReadOnly)) {
        return DbError::plain(
            QCoreApplication::translate("dbx::model::CompletionCatalog",
                                        "The completion query %1 is missing from the application.")
                .arg(source.fileName()));
    }
    RowStream stream;
    stream.onColumns = [](const QStringList &, const QList<quint32> &) {};
    stream.onRow = [&](const QVariantList &row) {
        handle(row);
        return true;
    };
    const Result<PgRows> done =
        execStream(db, Statement(QString::fromUtf8(source.readAll())), stream, context);
    if (!done)
        return done.error();
    return {};
}

CompletionCatalog::Relation::Kind relationKind(const QString &relkind)
{
    using Kind = CompletionCatalog::Relation::Kind;
    if (relkind == QLatin1String("v"))
        return Kind::View;
    if (relkind == QLatin1String("m"))
        return Kind::MaterializedView;
    if (relkind == QLatin1String("f"))
        return Kind::ForeignTable;
    return Kind::Table;
}

CompletionCatalog::Type::Kind typeKind(const QString &typtype)
{
    using Kind = CompletionCatalog::Type::Kind;
    if (typtype == QLatin1String("e"))
        return Kind::Enum;
    if (typtype == QLatin1String("d"))
        return Kind::Domain;
    if (typtype == QLatin1String("r") || typtype == QLatin1String("m"))
        return Kind::Range;
    return Kind::Base;
}

// A built-in type under the name people write: the SQL name when it is one word ("integer",
// "boolean"), else the catalog's ("varchar" for character varying, "timestamptz").
QString typeNameToWrite(const QString &schema, const QString &typname, const QString &sqlName)
{
    if (schema == QLatin1String("pg_catalog") && !sqlName.contains(QLatin1Char(' ')) &&
        !sqlName.contains(QLatin1Char('"')) && !sqlName.contains(QLatin1Char('.')))
        return sqlName;
    return typname;
}

} // namespace

// Fills a catalog from the rows of the completion queries; relations come first and give the
// oids that columns and foreign keys refer to.
class CompletionCatalogBuilder {
public:
    explicit CompletionCatalogBuilder(CompletionCatalog &catalog)
        : m_c(catalog)
    {}
    void schema(const QVariantList &row)
    {
        m_c.m_schemas << row.value(0).toString();
        if (!row.value(1).isNull())
            m_path.insert(row.value(1).toInt(), row.value(0).toString());
    }
    void relation(const QVariantList &row)
    {
        CompletionCatalog::Relation r;
        r.schema = row.value(1).toString();
        r.name = row.value(2).toString();
        r.lower = r.name.toLower();
        r.kind = relationKind(row.value(3).toString());
        m_byOid.insert(row.value(0).toLongLong(), int(m_c.m_relations.size()));
        m_c.m_relations << r;
    }
    void column(const QVariantList &row)
    {
        const int at = m_byOid.value(row.value(0).toLongLong(), -1);
        if (at < 0)
            return;
        CompletionCatalog::Column c;
        c.position = row.value(1).toInt();
        c.name = row.value(2).toString();
        c.lower = c.name.toLower();
        c.type = row.value(3).toString();
        m_c.m_relations[at].columns << c;
    }
    void foreignKey(const QVariantList &row)
    {
        CompletionCatalog::ForeignKey fk;
        fk.from = m_byOid.value(row.value(0).toLongLong(), -1);
        fk.to = m_byOid.value(row.value(1).toLongLong(), -1);
        if (fk.from < 0 || fk.to < 0)
            return;
        fk.fromColumns = names(fk.from, row.value(2).toList());
        fk.toColumns = names(fk.to, row.value(3).toList());
        if (fk.fromColumns.isEmpty() || fk.fromColumns.size() != fk.toColumns.size())
            return;
        const int index = int(m_c.m_foreignKeys.size());
        m_c.m_foreignKeys << fk;
        m_c.m_relations[fk.from].foreignKeys << index;
        if (fk.to != fk.from)
            m_c.m_relations[fk.to].foreignKeys << index;
    }
    void function(const QVariantList &row)
    {
        CompletionCatalog::Function f;
        f.schema = row.value(0).toString();
        f.name = row.value(1).toString();
        f.lower = f.name.toLower();
        f.arguments = row.value(2).toString();
        f.result = row.value(3).toString();
        f.aggregate = row.value(4).toString() == QLatin1String("a");
        f.procedure = row.value(4).toString() == QLatin1String("p");
        m_c.m_functions << f;
    }
    void type(const QVariantList &row)
    {
        CompletionCatalog::Type t;
        t.schema = row.value(0).toString();
        t.sqlName = row.value(3).toString();
        t.name = typeNameToWrite(t.schema, row.value(1).toString(), t.sqlName);
        t.lower = t.name.toLower();
        t.kind = typeKind(row.value(2).toString());
        m_c.m_types << t;
    }
    void keyword(const QVariantList &row)
    {
        const QString category = row.value(1).toString();
        m_c.m_keywords << CompletionCatalog::Keyword{
            row.value(0).toString(), category.isEmpty() ? QChar(u'U') : category.at(0)};
    }
    void finish()
    {
        for (CompletionCatalog::Relation &r : m_c.m_relations)
            std::sort(r.columns.begin(), r.columns.end(),
                      [](const auto &a, const auto &b) { return a.position < b.position; });
        m_c.m_searchPath = m_path.values();
        m_c.index();
    }

private:
    QStringList names(int relation, const QVariantList &positions) const
    {
        QStringList out;
        const auto &columns = m_c.m_relations.at(relation).columns;
        for (const QVariant &position : positions) {
            for (const auto &column : columns) {
                if (column.position == position.toInt()) {
                    out << column.name;
                    break;
                }
            }
        }
        return out.size() == positions.size() ? out : QStringList();
    }

    CompletionCatalog &m_c;
    QHash<qint64, int> m_byOid;
    QMap<int, QString> m_path;
};

Result<CompletionCatalog> CompletionCatalog::read(QSqlDatabase &db, const JobContext *context)
{
    if (context && context->error().isError())
        return context->error();
    CompletionCatalog catalog;
    CompletionCatalogBuilder builder(catalog);
    using Add = void (CompletionCatalogBuilder::*)(const QVariantList &);
    const std::pair<const char *, Add> steps[] = {
        {"schemas.sql", &CompletionCatalogBuilder::schema},
        {"relations.sql", &CompletionCatalogBuilder::relation},
        {"columns.sql", &CompletionCatalogBuilder::column},
        {"foreignkeys.sql", &CompletionCatalogBuilder::foreignKey},
        {"functions.sql", &CompletionCatalogBuilder::function},
        {"types.sql", &CompletionCatalogBuilder::type},
        {"keywords.sql", &CompletionCatalogBuilder::keyword},
    };
    for (const auto &[file, add] : steps) {
        const Status status =
            runQuery(db, context, file, [&](const QVariantList &row) { (builder.*add)(row); });
        if (!status)
            return status.error();
    }
    builder.finish();
    return catalog;
}

void CompletionCatalog::index()
{
    m_relationIndex.clear();
    m_relationIndex.reserve(m_relations.size());
    for (int i = 0; i < m_relations.size(); ++i)
        m_relationIndex.insert(key(m_relations.at(i).schema, m_relations.at(i).name), i);
    for (const Keyword &keyword : m_keywords)
        m_keywordCategory.insert(keyword.word, keyword.category);
    // Every keystroke in FROM lists thousands of relations: their SQL text is made here once.
    for (int i = 0; i < m_relations.size(); ++i) {
        Relation &r = m_relations[i];
        r.text = resolveRelation(QString(), r.name) == i
                     ? identifier(r.name)
                     : identifier(r.schema) + QLatin1Char('.') + identifier(r.name);
    }
}

const CompletionCatalog::Column *CompletionCatalog::Relation::column(const QString &name) const
{
    for (const Column &c : columns) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

int CompletionCatalog::relationIndex(const QString &schema, const QString &name) const
{
    return m_relationIndex.value(key(schema, name), -1);
}

int CompletionCatalog::resolveRelation(const QString &schema, const QString &name) const
{
    if (!schema.isEmpty())
        return relationIndex(schema, name);
    for (const QString &s : m_searchPath) {
        const int at = relationIndex(s, name);
        if (at >= 0)
            return at;
    }
    return -1;
}

bool CompletionCatalog::isReservedWord(const QString &lowerWord) const
{
    const QChar category = m_keywordCategory.value(lowerWord);
    return category == QLatin1Char('R') || category == QLatin1Char('T');
}

QString CompletionCatalog::identifier(const QString &name) const
{
    bool plain = !name.isEmpty() && !name.at(0).isDigit() && name.at(0) != QLatin1Char('$');
    for (const QChar c : name) {
        const bool lowerLetter = c.isLetter() && c.isLower();
        if (!(lowerLetter || c.isDigit() || c == QLatin1Char('_') || c == QLatin1Char('$')) ||
            (c.isLetter() && !c.isLower())) {
            plain = false;
            break;
        }
    }
    return plain && !isReservedWord(name) ? name : quoteIdent(name);
}

QString CompletionCatalog::relationText(int index) const
{
    return m_relations.at(index).text;
}

} // namespace dbx::model
