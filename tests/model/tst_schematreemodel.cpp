#include "model/catalog/catalogreader.h"
#include "model/catalog/schematreemodel.h"
#include "testcluster.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace dbx::model;
using dbx::test::TestCluster;
using Kind = SchemaTreeModel::NodeKind;

namespace {

const QString database = QStringLiteral("schema_tree_test");

const char *const schemaSql = R"sql(
CREATE TYPE workload AS ENUM ('parttime', 'fulltime');
CREATE TABLE workers (id serial PRIMARY KEY, username varchar NOT NULL);
CREATE TABLE resumes (
    id serial PRIMARY KEY,
    title varchar(256) NOT NULL,
    compensation integer NULL CHECK (compensation > 0),
    workload workload NOT NULL,
    worker_id integer NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    created_at timestamp NOT NULL DEFAULT timezone('utc', now()),
    updated_at timestamp NOT NULL DEFAULT timezone('utc', now())
);
CREATE INDEX title_index ON resumes (title);
CREATE TABLE vacancies (id serial PRIMARY KEY, title varchar(256) NOT NULL, compensation int);
CREATE TABLE vacancies_replies (
    resume_id int REFERENCES resumes ON DELETE CASCADE,
    vacancy_id int REFERENCES vacancies ON DELETE CASCADE,
    cover_letter varchar,
    PRIMARY KEY (resume_id, vacancy_id)
);
CREATE SCHEMA extra;
CREATE TABLE extra."Weird Table" (
    "Id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label text UNIQUE,
    parent_id integer REFERENCES extra."Weird Table" ("Id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE VIEW extra.labels AS SELECT label FROM extra."Weird Table";
CREATE MATERIALIZED VIEW extra.label_counts AS SELECT count(*) AS n FROM extra."Weird Table";
)sql";

QStringList childTexts(const QAbstractItemModel &model, const QModelIndex &parent)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(parent); ++row)
        texts << model.index(row, 0, parent).data().toString();
    return texts;
}

QModelIndex childByText(const QAbstractItemModel &model, const QModelIndex &parent,
                        const QString &text)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex child = model.index(row, 0, parent);
        if (child.data().toString() == text)
            return child;
    }
    return {};
}

// Follows a path of display texts from the root, e.g. {"public", "Tables (4)", "resumes"}.
QModelIndex path(const QAbstractItemModel &model, const QStringList &texts)
{
    QModelIndex index;
    for (const QString &text : texts) {
        index = childByText(model, index, text);
        if (!index.isValid())
            return {};
    }
    return index;
}

int kindOf(const QModelIndex &index)
{
    return index.data(SchemaTreeModel::KindRole).toInt();
}

} // namespace

class TestSchemaTreeModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void topLevel();
    void tableFolders();
    void columnNodes();
    void keysIndexesChecks();
    void viewsAndEnums();
    void roles();
    void tableIndex();
    void resetTwice();
    void bookkeepingSchemasComeLast();

private:
    SchemaSnapshot m_snapshot;
    SchemaTreeModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestSchemaTreeModel::initTestCase()
{
    DBX_REQUIRE_CLUSTER();
    TestCluster &cluster = TestCluster::instance();
    QString error;
    QVERIFY2(cluster.recreateDatabase(database, &error), qPrintable(error));
    QVERIFY2(cluster.exec(database, QString::fromUtf8(schemaSql), &error), qPrintable(error));
    QSqlDatabase db = cluster.open(database);
    const Result<SchemaSnapshot> read = CatalogReader::read(db);
    QVERIFY2(read.ok(), qPrintable(read.error().message));
    m_snapshot = read.value();
}

void TestSchemaTreeModel::init()
{
    m_model = new SchemaTreeModel(this);
    m_tester = new QAbstractItemModelTester(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_model->setSnapshot(m_snapshot);
}

void TestSchemaTreeModel::cleanup()
{
    delete m_tester;
    delete m_model;
    m_tester = nullptr;
    m_model = nullptr;
}

void TestSchemaTreeModel::topLevel()
{
    QCOMPARE(m_model->columnCount(), 1);
    QCOMPARE(m_model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Name"));
    // public first, the other user schemas by name after it.
    QCOMPARE(childTexts(*m_model, {}),
             (QStringList{QStringLiteral("public"), QStringLiteral("extra")}));
    const QModelIndex pub = m_model->index(0, 0);
    QCOMPARE(kindOf(pub), int(Kind::Schema));
    // No views in public: the empty Views folder is left out.
    QCOMPARE(childTexts(*m_model, pub),
             (QStringList{QStringLiteral("Tables (4)"), QStringLiteral("Enum types (1)"),
                          QStringLiteral("Sequences (3)")}));
    // The serial columns' sequences; no functions in public: no Functions folder.
    QCOMPARE(kindOf(m_model->index(2, 0, pub)), int(Kind::SequencesFolder));
    QCOMPARE(childTexts(*m_model, m_model->index(2, 0, pub)),
             (QStringList{QStringLiteral("resumes_id_seq"), QStringLiteral("vacancies_id_seq"),
                          QStringLiteral("workers_id_seq")}));
    QCOMPARE(kindOf(m_model->index(0, 0, pub)), int(Kind::TablesFolder));
    QCOMPARE(kindOf(m_model->index(1, 0, pub)), int(Kind::EnumsFolder));
    QCOMPARE(childTexts(*m_model, m_model->index(0, 0, pub)),
             (QStringList{QStringLiteral("resumes"), QStringLiteral("vacancies"),
                          QStringLiteral("vacancies_replies"), QStringLiteral("workers")}));
    QCOMPARE(childTexts(*m_model, m_model->index(1, 0)),
             (QStringList{QStringLiteral("Tables (1)"), QStringLiteral("Views (2)"),
                          QStringLiteral("Sequences (1)")}));
    // Only one column: nothing hangs below a second column.
    QVERIFY(!m_model->index(0, 1).isValid());
}

void TestSchemaTreeModel::tableFolders()
{
    const QModelIndex resumes =
        path(*m_model,
             {QStringLiteral("public"), QStringLiteral("Tables (4)"), QStringLiteral("resumes")});
    QVERIFY(resumes.isValid());
    QCOMPARE(kindOf(resumes), int(Kind::Table));
    QCOMPARE(childTexts(*m_model, resumes),
             (QStringList{QStringLiteral("Columns (7)"), QStringLiteral("Keys (2)"),
                          QStringLiteral("Indexes (2)"), QStringLiteral("Checks (1)")}));
    QCOMPARE(kindOf(m_model->index(0, 0, resumes)), int(Kind::ColumnsFolder));
    QCOMPARE(kindOf(m_model->index(1, 0, resumes)), int(Kind::KeysFolder));
    QCOMPARE(kindOf(m_model->index(2, 0, resumes)), int(Kind::IndexesFolder));
    QCOMPARE(kindOf(m_model->index(3, 0, resumes)), int(Kind::ChecksFolder));

    // No checks on workers: no Checks folder.
    const QModelIndex workers =
        m_model->tableIndex(QStringLiteral("public"), QStringLiteral("workers"));
    QCOMPARE(childTexts(*m_model, workers),
             (QStringList{QStringLiteral("Columns (2)"), QStringLiteral("Keys (1)"),
                          QStringLiteral("Indexes (1)")}));
}

void TestSchemaTreeModel::columnNodes()
{
    const QModelIndex resumes =
        m_model->tableIndex(QStringLiteral("public"), QStringLiteral("resumes"));
    const QModelIndex columns = m_model->index(0, 0, resumes);
    QCOMPARE(childTexts(*m_model, columns),
             (QStringList{
                 QStringLiteral("id : integer"), QStringLiteral("title : character varying(256)"),
                 QStringLiteral("compensation : integer"), QStringLiteral("workload : workload"),
                 QStringLiteral("worker_id : integer"),
                 QStringLiteral("created_at : timestamp without time zone"),
                 QStringLiteral("updated_at : timestamp without time zone")}));
    QCOMPARE(kindOf(m_model->index(0, 0, columns)), int(Kind::PrimaryKeyColumn));
    QCOMPARE(kindOf(m_model->index(1, 0, columns)), int(Kind::Column));
    QCOMPARE(kindOf(m_model->index(4, 0, columns)), int(Kind::ForeignKeyColumn));
    QCOMPARE(m_model->rowCount(m_model->index(1, 0, columns)), 0);

    QCOMPARE(m_model->index(1, 0, columns).data(Qt::ToolTipRole).toString(),
             QStringLiteral("title : character varying(256) NOT NULL"));
    QCOMPARE(m_model->index(2, 0, columns).data(Qt::ToolTipRole).toString(),
             QStringLiteral("compensation : integer"));
    QCOMPARE(m_model->index(5, 0, columns).data(Qt::ToolTipRole).toString(),
             QStringLiteral("created_at : timestamp without time zone NOT NULL DEFAULT "
                            "timezone('utc'::text, now())"));
    QCOMPARE(m_model->index(4, 0, columns).data(Qt::ToolTipRole).toString(),
             QStringLiteral("worker_id : integer NOT NULL\nReferences public.workers(id)"));

    const QModelIndex weird =
        m_model->tableIndex(QStringLiteral("extra"), QStringLiteral("Weird Table"));
    const QModelIndex weirdColumns = m_model->index(0, 0, weird);
    QCOMPARE(m_model->index(0, 0, weirdColumns).data().toString(), QStringLiteral("Id : integer"));
    QCOMPARE(m_model->index(0, 0, weirdColumns).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Id : integer NOT NULL GENERATED AS IDENTITY"));
}

void TestSchemaTreeModel::keysIndexesChecks()
{
    const QModelIndex resumes =
        m_model->tableIndex(QStringLiteral("public"), QStringLiteral("resumes"));
    const QModelIndex keys = m_model->index(1, 0, resumes);
    QCOMPARE(childTexts(*m_model, keys),
             (QStringList{QStringLiteral("PRIMARY KEY (id)"),
                          QStringLiteral("resumes_worker_id_fkey: (worker_id) -> "
                                         "public.workers(id) ON DELETE CASCADE")}));
    QCOMPARE(kindOf(m_model->index(0, 0, keys)), int(Kind::PrimaryKey));
    QCOMPARE(m_model->index(0, 0, keys).data(SchemaTreeModel::ObjectNameRole).toString(),
             QStringLiteral("resumes_pkey"));
    QCOMPARE(kindOf(m_model->index(1, 0, keys)), int(Kind::ForeignKey));

    const QModelIndex indexes = m_model->index(2, 0, resumes);
    QCOMPARE(childTexts(*m_model, indexes),
             (QStringList{QStringLiteral("resumes_pkey (id) PRIMARY"),
                          QStringLiteral("title_index (title)")}));
    QCOMPARE(kindOf(m_model->index(1, 0, indexes)), int(Kind::Index));
    QCOMPARE(m_model->index(1, 0, indexes).data(Qt::ToolTipRole).toString(),
             QStringLiteral("CREATE INDEX title_index ON public.resumes USING btree (title)"));

    const QModelIndex checks = m_model->index(3, 0, resumes);
    QCOMPARE(childTexts(*m_model, checks),
             QStringList{QStringLiteral("resumes_compensation_check: CHECK ((compensation > 0))")});
    QCOMPARE(kindOf(m_model->index(0, 0, checks)), int(Kind::Check));

    const QModelIndex replies =
        m_model->tableIndex(QStringLiteral("public"), QStringLiteral("vacancies_replies"));
    QCOMPARE(childTexts(*m_model, m_model->index(1, 0, replies)),
             (QStringList{QStringLiteral("PRIMARY KEY (resume_id, vacancy_id)"),
                          QStringLiteral("vacancies_replies_resume_id_fkey: (resume_id) -> "
                                         "public.resumes(id) ON DELETE CASCADE"),
                          QStringLiteral("vacancies_replies_vacancy_id_fkey: (vacancy_id) -> "
                                         "public.vacancies(id) ON DELETE CASCADE")}));

    const QModelIndex weird =
        m_model->tableIndex(QStringLiteral("extra"), QStringLiteral("Weird Table"));
    const QModelIndex weirdKeys = childByText(*m_model, weird, QStringLiteral("Keys (3)"));
    QVERIFY(weirdKeys.isValid());
    QCOMPARE(childTexts(*m_model, weirdKeys),
             (QStringList{QStringLiteral("PRIMARY KEY (\"Id\")"),
                          QStringLiteral("Weird Table_parent_id_fkey: (parent_id) -> "
                                         "extra.\"Weird Table\"(\"Id\") ON DELETE SET NULL "
                                         "ON UPDATE CASCADE"),
                          QStringLiteral("Weird Table_label_key: UNIQUE (label)")}));
    QCOMPARE(kindOf(m_model->index(2, 0, weirdKeys)), int(Kind::Unique));
    const QModelIndex weirdIndexes = childByText(*m_model, weird, QStringLiteral("Indexes (2)"));
    QCOMPARE(childTexts(*m_model, weirdIndexes),
             (QStringList{QStringLiteral("Weird Table_label_key (label) UNIQUE"),
                          QStringLiteral("Weird Table_pkey (\"Id\") PRIMARY")}));
}

void TestSchemaTreeModel::viewsAndEnums()
{
    const QModelIndex views =
        path(*m_model, {QStringLiteral("extra"), QStringLiteral("Views (2)")});
    QVERIFY(views.isValid());
    QCOMPARE(kindOf(views), int(Kind::ViewsFolder));
    QCOMPARE(childTexts(*m_model, views),
             (QStringList{QStringLiteral("label_counts"), QStringLiteral("labels")}));
    QCOMPARE(kindOf(m_model->index(0, 0, views)), int(Kind::View));
    QCOMPARE(kindOf(m_model->index(1, 0, views)), int(Kind::View));
    // A view has columns but no keys, indexes or checks.
    QCOMPARE(childTexts(*m_model, m_model->index(1, 0, views)),
             QStringList{QStringLiteral("Columns (1)")});
    QCOMPARE(childTexts(*m_model, m_model->index(0, 0, m_model->index(1, 0, views))),
             QStringList{QStringLiteral("label : text")});

    const QModelIndex workload =
        path(*m_model, {QStringLiteral("public"), QStringLiteral("Enum types (1)"),
                        QStringLiteral("workload")});
    QVERIFY(workload.isValid());
    QCOMPARE(kindOf(workload), int(Kind::Enum));
    QCOMPARE(childTexts(*m_model, workload),
             (QStringList{QStringLiteral("parttime"), QStringLiteral("fulltime")}));
    QCOMPARE(kindOf(m_model->index(0, 0, workload)), int(Kind::EnumLabel));
}

void TestSchemaTreeModel::roles()
{
    const QModelIndex resumes =
        m_model->tableIndex(QStringLiteral("public"), QStringLiteral("resumes"));
    const QModelIndex title = m_model->index(1, 0, m_model->index(0, 0, resumes));
    QCOMPARE(title.data(SchemaTreeModel::SchemaNameRole).toString(), QStringLiteral("public"));
    QCOMPARE(title.data(SchemaTreeModel::TableNameRole).toString(), QStringLiteral("resumes"));
    QCOMPARE(title.data(SchemaTreeModel::ObjectNameRole).toString(), QStringLiteral("title"));
    QCOMPARE(resumes.data(SchemaTreeModel::ObjectNameRole).toString(), QStringLiteral("resumes"));

    const QModelIndex pub = m_model->index(0, 0);
    QCOMPARE(pub.data(SchemaTreeModel::SchemaNameRole).toString(), QStringLiteral("public"));
    QVERIFY(!pub.data(SchemaTreeModel::TableNameRole).isValid());
    const QModelIndex tablesFolder = m_model->index(0, 0, pub);
    QVERIFY(!tablesFolder.data(SchemaTreeModel::ObjectNameRole).isValid());
    QCOMPARE(tablesFolder.data(SchemaTreeModel::SchemaNameRole).toString(),
             QStringLiteral("public"));
    QVERIFY(!tablesFolder.data(Qt::DecorationRole).isValid());

    const QHash<int, QByteArray> names = m_model->roleNames();
    QCOMPARE(names.value(SchemaTreeModel::KindRole), QByteArray("kind"));
    QCOMPARE(names.value(Qt::DisplayRole), QByteArray("display"));
}

void TestSchemaTreeModel::tableIndex()
{
    const QModelIndex weird =
        m_model->tableIndex(QStringLiteral("extra"), QStringLiteral("Weird Table"));
    QVERIFY(weird.isValid());
    QCOMPARE(weird.data().toString(), QStringLiteral("Weird Table"));
    QCOMPARE(weird.parent().data().toString(), QStringLiteral("Tables (1)"));
    QCOMPARE(weird.parent().parent().data().toString(), QStringLiteral("extra"));
    QVERIFY(!weird.parent().parent().parent().isValid());

    const QModelIndex view =
        m_model->tableIndex(QStringLiteral("extra"), QStringLiteral("label_counts"));
    QVERIFY(view.isValid());
    QCOMPARE(kindOf(view), int(Kind::View));

    QVERIFY(!m_model->tableIndex(QStringLiteral("public"), QStringLiteral("nope")).isValid());
    QVERIFY(!m_model->tableIndex(QStringLiteral("extra"), QStringLiteral("workers")).isValid());
    // An enum is not a table even though it has the name.
    QVERIFY(!m_model->tableIndex(QStringLiteral("public"), QStringLiteral("workload")).isValid());
}

void TestSchemaTreeModel::resetTwice()
{
    QSignalSpy aboutToReset(m_model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);

    m_model->setSnapshot(SchemaSnapshot{});
    QCOMPARE(aboutToReset.size(), 1);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->snapshot().schemas.isEmpty());
    QVERIFY(!m_model->tableIndex(QStringLiteral("public"), QStringLiteral("workers")).isValid());

    m_model->setSnapshot(m_snapshot);
    QCOMPARE(reset.size(), 2);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->snapshot().database, database);
    QVERIFY(m_model->tableIndex(QStringLiteral("public"), QStringLiteral("workers")).isValid());
}

// The application's own bookkeeping is shown but after what the user looks for, and marked
// so that the tree can dim it.
void TestSchemaTreeModel::bookkeepingSchemasComeLast()
{
    SchemaSnapshot snapshot;
    for (const char *name : {"dbx_migrations", "zeta", "alpha", "public"}) {
        SchemaInfo schema;
        schema.name = QLatin1String(name);
        TableInfo table;
        table.schema = schema.name;
        table.name = QStringLiteral("t");
        schema.tables << table;
        snapshot.schemas << schema;
    }
    SchemaTreeModel model;
    model.setSnapshot(snapshot);
    QCOMPARE(childTexts(model, {}),
             (QStringList{QStringLiteral("public"), QStringLiteral("alpha"), QStringLiteral("zeta"),
                          QStringLiteral("dbx_migrations")}));
    QVERIFY(model.index(3, 0).data(SchemaTreeModel::BookkeepingRole).toBool());
    QVERIFY(model.tableIndex(QStringLiteral("dbx_migrations"), QStringLiteral("t"))
                .data(SchemaTreeModel::BookkeepingRole)
                .toBool());
    QVERIFY(!model.index(0, 0).data(SchemaTreeModel::BookkeepingRole).toBool());
}

QTEST_GUILESS_MAIN(TestSchemaTreeModel)
#include "tst_schematreemodel.moc"
