// Show DDL from the schema tree's context menu, against a database of the private cluster:
// tables, views, materialized views and sequences as pg_dump writes them, functions and enums
// from the catalog, in a dialog checked offscreen (text, highlighter, Copy, size).

#include "model/catalog/ddlreader.h"
#include "model/db/database.h"
#include "popupmenu.h"
#include "testcluster.h"
#include "ui/common/sqlhighlighter.h"
#include "ui/schema/ddldialog.h"
#include "ui/schema/schemapane.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QTreeView>
#include <QtTest>

using namespace dbx;

namespace {

const QString Database = QStringLiteral("ddl_db");

const char *const Setup[] = {
    "CREATE TYPE mood AS ENUM ('sad', 'it''s ok', 'happy')",
    "CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL UNIQUE)",
    "CREATE TABLE books (id integer PRIMARY KEY, author integer REFERENCES authors (id), "
    "title text NOT NULL, price numeric CONSTRAINT positive_price CHECK (price > 0), "
    "feeling mood)",
    "CREATE INDEX books_title_idx ON books (title)",
    "CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10",
    "CREATE MATERIALIZED VIEW book_count AS SELECT count(*) AS n FROM books",
    "CREATE SEQUENCE ticket_seq START 100",
    "CREATE TABLE \"Odd Name*\" (x int)",
    "CREATE TABLE \"Odd NameX\" (y int)",
    "CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql AS $$ SELECT i + 1 $$",
};

using dbx::test::chooseInMenu;

QModelIndex find(const QAbstractItemModel *model, const QString &text, const QModelIndex &parent)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == text)
            return index;
        if (const QModelIndex below = find(model, text, index); below.isValid())
            return below;
    }
    return {};
}

} // namespace

class TestShowDdl : public QObject {
    Q_OBJECT

private:
    model::Database m_database;
    std::unique_ptr<ui::SchemaPane> m_dock;

    // Show DDL on the tree's node named `name`; the dialog once it has its text.
    ui::DdlDialog *showFromTree(const QString &name)
    {
        auto *tree = m_dock->findChild<QTreeView *>(QStringLiteral("schemaTree"));
        const QModelIndex index = find(tree->model(), name, {});
        if (!index.isValid())
            return nullptr;
        tree->scrollTo(index);
        chooseInMenu(QStringLiteral("schemaShowDdl"));
        emit tree->customContextMenuRequested(tree->visualRect(index).center());
        ui::DdlDialog *dialog = m_dock->ddlDialog();
        if (!dialog || !QTest::qWaitFor([dialog] { return !dialog->isLoading(); }, 15000))
            return nullptr;
        return dialog;
    }

    QString ddlOf(model::DdlObject::Kind kind, const QString &name)
    {
        ui::DdlDialog dialog(&m_database, {kind, QStringLiteral("public"), name});
        if (!QTest::qWaitFor([&] { return !dialog.isLoading(); }, 15000))
            return QStringLiteral("still loading");
        return dialog.ddl();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QString error;
        QVERIFY2(test::TestCluster::instance().recreateDatabase(Database, &error),
                 qPrintable(error));
        QSqlQuery query(test::TestCluster::instance().open(Database));
        for (const char *sql : Setup)
            QVERIFY2(query.exec(QLatin1String(sql)), qPrintable(query.lastError().text()));
        QSignalSpy connected(&m_database, &model::Database::connected);
        m_database.connectTo(test::TestCluster::instance().spec(Database));
        QVERIFY(connected.wait(15000));
        m_dock = std::make_unique<ui::SchemaPane>(&m_database);
        m_dock->resize(300, 600);
        m_dock->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_dock.get()));
        QSignalSpy loaded(m_dock.get(), &ui::SchemaPane::snapshotLoaded);
        m_dock->reload();
        QVERIFY(loaded.wait(15000));
        m_dock->findChild<QTreeView *>(QStringLiteral("schemaTree"))->expandAll();
    }

    void tableAsPgDumpWritesIt()
    {
        ui::DdlDialog *dialog = showFromTree(QStringLiteral("books"));
        QVERIFY(dialog);
        const QString ddl = dialog->ddl();
        QVERIFY2(ddl.contains(QLatin1String("CREATE TABLE public.books (")), qPrintable(ddl));
        QVERIFY2(ddl.contains(QLatin1String("CONSTRAINT positive_price CHECK ((price > "
                                            "(0)::numeric))")),
                 qPrintable(ddl));
        QVERIFY(ddl.contains(QLatin1String("ADD CONSTRAINT books_pkey PRIMARY KEY (id);")));
        QVERIFY(ddl.contains(QLatin1String("FOREIGN KEY (author) REFERENCES public.authors(id)")));
        QVERIFY(ddl.contains(
            QLatin1String("CREATE INDEX books_title_idx ON public.books USING btree (title);")));
        // Without the dump's session settings, and copyable.
        QVERIFY(!ddl.contains(QLatin1String("SET statement_timeout")));
        QVERIFY(!ddl.contains(QLatin1String("set_config")));
        QVERIFY(ui::SqlHighlighter::isKeyword(QStringLiteral("CREATE")));
        auto *text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("ddlText"));
        QVERIFY(text->isReadOnly());
        QVERIFY(text->document()->findChild<ui::SqlHighlighter *>());
        auto *copy = dialog->findChild<QPushButton *>(QStringLiteral("ddlCopy"));
        QVERIFY(copy->isEnabled());
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), ddl);
        QVERIFY(dialog->width() <= 1024 && dialog->height() <= 700);
        dialog->close();
    }

    void viewFromTheTree()
    {
        ui::DdlDialog *dialog = showFromTree(QStringLiteral("cheap_books"));
        QVERIFY(dialog);
        QVERIFY2(dialog->ddl().contains(QLatin1String("CREATE VIEW public.cheap_books AS")),
                 qPrintable(dialog->ddl()));
        dialog->close();
    }

    void enumFromTheTree()
    {
        ui::DdlDialog *dialog = showFromTree(QStringLiteral("mood"));
        QVERIFY(dialog);
        QCOMPARE(dialog->ddl(), QStringLiteral("CREATE TYPE public.mood AS ENUM (\n    'sad',\n"
                                               "    'it''s ok',\n    'happy'\n);\n"));
        dialog->close();
    }

    void functionAndSequenceFromTheTree()
    {
        ui::DdlDialog *function = showFromTree(QStringLiteral("add_one(i integer)"));
        QVERIFY(function);
        QVERIFY2(function->ddl().startsWith(QLatin1String("CREATE OR REPLACE FUNCTION")),
                 qPrintable(function->ddl()));
        function->close();
        ui::DdlDialog *sequence = showFromTree(QStringLiteral("ticket_seq"));
        QVERIFY(sequence);
        QVERIFY2(sequence->ddl().contains(QLatin1String("CREATE SEQUENCE public.ticket_seq")),
                 qPrintable(sequence->ddl()));
        sequence->close();
    }

    void functionMaterializedViewAndSequence()
    {
        using Kind = model::DdlObject::Kind;
        const QString function = ddlOf(Kind::Function, QStringLiteral("add_one"));
        QVERIFY2(function.startsWith(
                     QLatin1String("CREATE OR REPLACE FUNCTION public.add_one(i integer)")),
                 qPrintable(function));
        QVERIFY(function.contains(QLatin1String("SELECT i + 1")));
        const QString matview = ddlOf(Kind::MaterializedView, QStringLiteral("book_count"));
        QVERIFY2(matview.contains(QLatin1String("CREATE MATERIALIZED VIEW public.book_count AS")),
                 qPrintable(matview));
        // Quoted in pg_dump's pattern: matched literally, so "*" is no wildcard.
        const QString odd = ddlOf(Kind::Table, QStringLiteral("Odd Name*"));
        QVERIFY2(odd.contains(QLatin1String("CREATE TABLE public.\"Odd Name*\" (")) &&
                     !odd.contains(QLatin1String("Odd NameX")),
                 qPrintable(odd));
        const QString sequence = ddlOf(Kind::Sequence, QStringLiteral("ticket_seq"));
        QVERIFY2(sequence.contains(QLatin1String("CREATE SEQUENCE public.ticket_seq")) &&
                     sequence.contains(QLatin1String("START WITH 100")),
                 qPrintable(sequence));
    }

    void missingObjectsSaySo()
    {
        ui::DdlDialog table(&m_database, {model::DdlObject::Kind::Table, QStringLiteral("public"),
                                          QStringLiteral("no_such_table")});
        QTRY_VERIFY_WITH_TIMEOUT(!table.isLoading(), 15000);
        auto *note = table.findChild<QLabel *>(QStringLiteral("ddlNote"));
        QVERIFY2(note->text().contains(QLatin1String("no matching tables")),
                 qPrintable(note->text()));
        QVERIFY(!table.findChild<QPushButton *>(QStringLiteral("ddlCopy"))->isEnabled());
        ui::DdlDialog function(&m_database, {model::DdlObject::Kind::Function,
                                             QStringLiteral("public"), QStringLiteral("nothing")});
        QTRY_VERIFY_WITH_TIMEOUT(!function.isLoading(), 15000);
        QVERIFY(function.findChild<QLabel *>(QStringLiteral("ddlNote"))
                    ->text()
                    .contains(QLatin1String("no function")));
    }

    // The password reaches pg_dump through its environment, never its command line.
    void passwordStaysOffTheCommandLine()
    {
        model::ConnectionSpec spec = test::TestCluster::instance().spec(Database);
        spec.password = QStringLiteral("s3cret");
        const QStringList args = model::DdlReader::pgDumpArguments(
            {model::DdlObject::Kind::Table, QStringLiteral("public"), QStringLiteral("x")}, spec);
        QVERIFY(!args.join(QLatin1Char(' ')).contains(QLatin1String("s3cret")));
        QCOMPARE(model::DdlReader::pgDumpEnvironment(spec).value(QStringLiteral("PGPASSWORD")),
                 QStringLiteral("s3cret"));
    }

    void cleanupTestCase() { m_dock.reset(); }
};

QTEST_MAIN(TestShowDdl)
#include "tst_showddl.moc"
