// Pending changes over the lazy grid, against the demo schema on a real server: edits buffered
// per row and committed in one transaction, hints from the catalog, failures that keep every
// edit and name the row and column in plain words, write conflicts between two connections,
// and edits that survive sorting, filtering and a lost connection.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/db/executor.h"
#include "model/demo/demodatabase.h"
#include "model/edit/editabletablemodel.h"
#include "model/export/nestedjson.h"
#include "testcluster.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("edit_demo");
} // namespace

class TestEditableTableModel : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Database> m_db;
    SchemaSnapshot m_snapshot;

    struct Grid {
        std::unique_ptr<TableDataModel> source;
        std::unique_ptr<EditableTableModel> model;
    };

    Grid open(const char *table)
    {
        Grid g;
        g.source = std::make_unique<TableDataModel>(m_db.get());
        g.model = std::make_unique<EditableTableModel>(m_db.get(), g.source.get());
        g.model->setTable(*m_snapshot.table(s("public"), s(table)), &m_snapshot);
        return g;
    }

    static bool loaded(EditableTableModel &model, int row)
    {
        return QTest::qWaitFor(
            [&] {
                if (row < model.rowCount())
                    model.data(model.index(row, 0));
                return model.source()->isRowLoaded(row);
            },
            10000);
    }

    static int col(const EditableTableModel &model, const char *name)
    {
        return int(model.source()->query().columns().indexOf(s(name)));
    }

    // The row whose id is `id` (ids are the first column), loading as it goes.
    static int rowOfId(EditableTableModel &model, int id)
    {
        for (int row = 0; row < model.source()->rowCount(); ++row) {
            if (!loaded(model, row))
                return -1;
            if (model.index(row, 0).data(Qt::EditRole).toInt() == id)
                return row;
        }
        return -1;
    }

    static CommitOutcome commit(EditableTableModel &model)
    {
        QSignalSpy done(&model, &EditableTableModel::commitFinished);
        if (!model.commit())
            return {};
        if (!done.wait(10000))
            return {};
        return done.first().first().value<CommitOutcome>();
    }

    QVariant scalar(const QString &sql)
    {
        QSqlQuery q(dbx::test::TestCluster::instance().open(kDb));
        if (!q.exec(sql) || !q.next())
            return QStringLiteral("<query failed: %1>").arg(sql);
        return q.value(0);
    }

    bool exec(const QString &sql) { return dbx::test::TestCluster::instance().exec(kDb, sql); }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<CommitOutcome>();
        DBX_REQUIRE_CLUSTER();
        auto &cluster = dbx::test::TestCluster::instance();
        const QString demo = dbx::test::freshDemoDatabase(kDb);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
        m_db = std::make_unique<Database>();
        QSignalSpy connected(m_db.get(), &Database::connected);
        m_db->connectTo(cluster.spec(kDb));
        QVERIFY(connected.wait(10000));
        QSqlDatabase sync = cluster.open(kDb);
        const auto snapshot = CatalogReader::read(sync);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
        m_snapshot = snapshot.value();
    }

    void cleanupTestCase() { m_db.reset(); }

    void foreignKeysCarryLabelsAndRulesComeFromTheCatalog()
    {
        Grid g = open("resumes");
        QAbstractItemModelTester tester(g.model.get(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(loaded(*g.model, 0));
        const int worker = col(*g.model, "worker_id");
        const QModelIndex cell = g.model->index(0, worker);
        const QVariant expected = scalar(
            QStringLiteral("SELECT w.username FROM resumes r JOIN workers w ON w.id = r.worker_id "
                           "WHERE r.id = %1")
                .arg(g.model->index(0, 0).data(Qt::EditRole).toInt()));
        QCOMPARE(cell.data(TableDataModel::ForeignLabelRole), expected);
        QVERIFY(g.model->readOnlyReason().isEmpty());
        QVERIFY(!g.model->isColumnEditable(0)); // serial id
        QVERIFY(!g.model->isColumnEditable(col(*g.model, "created_at")));
        QVERIFY(!g.model->isColumnEditable(col(*g.model, "updated_at")));
        QVERIFY(g.model->isColumnEditable(col(*g.model, "compensation")));
        const ColumnRules &pay = g.model->rules(col(*g.model, "compensation"));
        QCOMPARE(pay.problem(0), s("compensation must be greater than 0."));
        QVERIFY(pay.problem(1).isEmpty());
        QVERIFY(pay.problem(QVariant()).isEmpty()); // nullable
        const ColumnRules &title = g.model->rules(col(*g.model, "title"));
        QCOMPARE(title.maxLength(), 256);
        QVERIFY(!title.problem(QString(257, QLatin1Char('x'))).isEmpty());
        QCOMPARE(title.problem(QVariant()), s("title must have a value."));
    }

    void editCommitsInOneTransactionAndReadsBack()
    {
        Grid g = open("resumes");
        QVERIFY(loaded(*g.model, 0));
        const int pay = col(*g.model, "compensation");
        const int id = g.model->index(0, 0).data(Qt::EditRole).toInt();
        QSignalSpy pending(g.model.get(), &EditableTableModel::pendingChanged);
        QVERIFY(g.model->setData(g.model->index(0, pay), 123456));
        QCOMPARE(pending.last().first().toInt(), 1);
        QCOMPARE(g.model->index(0, pay).data(Qt::EditRole).toInt(), 123456);
        QVERIFY(g.model->index(0, pay).data(EditableTableModel::CellChangedRole).toBool());
        QCOMPARE(g.model->rowState(0), EditableTableModel::RowState::Updated);
        const QString sql = g.model->pendingSql();
        QVERIFY2(sql.contains(s("UPDATE \"public\".\"resumes\" SET \"compensation\" = $1 WHERE "
                                "\"id\" = $2 AND xmin = $3::xid;")),
                 qPrintable(sql));
        QVERIFY(sql.startsWith(s("BEGIN;")) && sql.endsWith(s("COMMIT;")));
        // Not sent yet.
        QVERIFY(scalar(QStringLiteral("SELECT compensation FROM resumes WHERE id = %1").arg(id))
                    .toInt() != 123456);
        const CommitOutcome out = commit(*g.model);
        QCOMPARE(out.status, CommitOutcome::Status::Committed);
        QVERIFY(!g.model->hasPendingChanges());
        QCOMPARE(scalar(QStringLiteral("SELECT compensation FROM resumes WHERE id = %1").arg(id))
                     .toInt(),
                 123456);
    }

    void ruleProblemsStopCommitBeforeSending()
    {
        Grid g = open("resumes");
        QVERIFY(loaded(*g.model, 0));
        const int pay = col(*g.model, "compensation");
        QVERIFY(g.model->setData(g.model->index(0, pay), 0));
        QCOMPARE(g.model->index(0, pay).data(EditableTableModel::ProblemRole).toString(),
                 s("compensation must be greater than 0."));
        QCOMPARE(g.model->problems().size(), 1);
        QVERIFY(!g.model->commit());
        QVERIFY(g.model->hasPendingChanges());
    }

    void serverRefusalKeepsEditsAndPointsAtTheField()
    {
        Grid g = open("resumes");
        QVERIFY(loaded(*g.model, 1));
        const int worker = col(*g.model, "worker_id");
        const int title = col(*g.model, "title");
        QVERIFY(g.model->setData(g.model->index(0, title), s("Kept after failure")));
        QVERIFY(g.model->setData(g.model->index(1, worker), 99999));
        const CommitOutcome out = commit(*g.model);
        QCOMPARE(out.status, CommitOutcome::Status::Failed);
        QCOMPARE(out.error.sqlState, s("23503"));
        QCOMPARE(g.model->changes().size(), 2);
        QCOMPARE(g.model->index(0, title).data().toString(), s("Kept after failure"));
        const auto failure = g.model->lastFailure();
        QCOMPARE(g.model->rowOfChange(failure.changeId), 1);
        QCOMPARE(failure.column, worker);
        QCOMPARE(failure.message, s("worker_id = 99999 does not match any row of workers."));
        QCOMPARE(g.model->index(1, worker).data(EditableTableModel::ProblemRole).toString(),
                 failure.message);
        // Nothing was applied: the first row's title is unchanged in the database.
        QVERIFY(
            scalar(s("SELECT count(*) FROM resumes WHERE title = 'Kept after failure'")).toInt() ==
            0);
        // Fixing the value clears the marker and the commit goes through.
        QVERIFY(g.model->setData(g.model->index(1, worker),
                                 g.model->index(1, worker).data(EditableTableModel::OriginalRole)));
        QVERIFY(!g.model->lastFailure().isSet());
        QCOMPARE(commit(*g.model).status, CommitOutcome::Status::Committed);
        QCOMPARE(
            scalar(s("SELECT count(*) FROM resumes WHERE title = 'Kept after failure'")).toInt(),
            1);
    }

    void checkViolationIsExplainedInPlainWords()
    {
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        const Result<PgRows> r = dbx::model::exec(
            db,
            dbx::model::Statement(s("UPDATE resumes SET compensation = $1 WHERE id = 1"), {-5}));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().sqlState, s("23514"));
        QCOMPARE(r.error().constraintName, s("check_compensation_positive"));
        QString column;
        const QString text =
            explainError(r.error(), *m_snapshot.table(s("public"), s("resumes")), &column);
        QCOMPARE(text, s("compensation must be greater than 0."));
        QCOMPARE(column, s("compensation"));
        const Result<PgRows> nn = dbx::model::exec(
            db,
            dbx::model::Statement(s("UPDATE resumes SET title = $1 WHERE id = 1"), {QVariant()}));
        QVERIFY(!nn.ok());
        QCOMPARE(explainError(nn.error(), *m_snapshot.table(s("public"), s("resumes")), &column),
                 s("title must have a value."));
        QCOMPARE(column, s("title"));
    }

    void insertDuplicateAndDeleteInOneCommit()
    {
        Grid g = open("workers");
        QVERIFY(loaded(*g.model, 0));
        const int before = scalar(s("SELECT count(*) FROM workers")).toInt();
        const int user = col(*g.model, "username");
        const int fresh = g.model->insertRecord();
        QCOMPARE(fresh, g.model->source()->rowCount());
        QVERIFY(g.model->index(fresh, user).data(EditableTableModel::IsDefaultRole).toBool());
        QVERIFY(g.model->setData(g.model->index(fresh, user), s("Ondatra")));
        const int copy = g.model->duplicateRecord(fresh);
        QCOMPARE(g.model->index(copy, user).data().toString(), s("Ondatra"));
        QVERIFY(g.model->setData(g.model->index(copy, user), s("Ondatra 2")));
        const int victim = g.model->insertRecord();
        g.model->deleteRecords({victim}); // a new row deleted is simply gone
        QCOMPARE(g.model->rowCount(), g.model->source()->rowCount() + 2);
        QCOMPARE(commit(*g.model).status, CommitOutcome::Status::Committed);
        QCOMPARE(scalar(s("SELECT count(*) FROM workers")).toInt(), before + 2);
        QTRY_VERIFY(g.model->source()->rowCount() == before + 2);

        // Delete one of them through the grid.
        const int id = scalar(s("SELECT id FROM workers WHERE username = 'Ondatra 2'")).toInt();
        const int row = rowOfId(*g.model, id);
        QVERIFY(row >= 0);
        g.model->deleteRecords({row});
        QCOMPARE(g.model->rowState(row), EditableTableModel::RowState::Deleted);
        QVERIFY(!(g.model->flags(g.model->index(row, user)) & Qt::ItemIsEditable));
        QVERIFY(g.model->pendingSql().contains(s("DELETE FROM \"public\".\"workers\" WHERE")));
        QCOMPARE(commit(*g.model).status, CommitOutcome::Status::Committed);
        QCOMPARE(scalar(s("SELECT count(*) FROM workers")).toInt(), before + 1);
    }

    void hostileStringsRoundTripExactly()
    {
        const QStringList hostile = {
            s("O'Brien \"quoted\""),
            s("back\\slash \\x00 $1 ? :name"),
            s("'; DROP TABLE workers; --"),
            s("emoji 🦫🐺 and кириллица"),
            QString(20000, QLatin1Char('y')),
            s("tab\tnew\nline"),
            s(""),
        };
        Grid g = open("workers");
        QVERIFY(loaded(*g.model, 0));
        const int user = col(*g.model, "username");
        for (const QString &text : hostile) {
            const int row = g.model->insertRecord();
            QVERIFY(g.model->setData(g.model->index(row, user), text));
        }
        QCOMPARE(commit(*g.model).status, CommitOutcome::Status::Committed);
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        for (const QString &text : hostile) {
            const Result<QVariant> n = dbx::model::execScalar(
                db, dbx::model::Statement(s("SELECT count(*) FROM workers WHERE username = $1"),
                                          {text}));
            QVERIFY(n.ok());
            QVERIFY2(n->toInt() == 1, qPrintable(text.left(40)));
        }
        QVERIFY(exec(s("DELETE FROM workers WHERE id > 100 OR username LIKE '%DROP%' OR "
                       "username ~ '^(O''Brien|back|emoji|tab|yyyy)' OR username = ''")));
    }

    void conflictingUpdateIsDetectedAndResolved()
    {
        Grid g = open("vacancies");
        QVERIFY(loaded(*g.model, 0));
        const int title = col(*g.model, "title");
        const int pay = col(*g.model, "compensation");
        const int id = g.model->index(0, 0).data(Qt::EditRole).toInt();
        QVERIFY(g.model->setData(g.model->index(0, pay), 777));
        // Someone else changes the same row meanwhile.
        QVERIFY(
            exec(QStringLiteral("UPDATE vacancies SET title = 'Theirs' WHERE id = %1").arg(id)));
        CommitOutcome out = commit(*g.model);
        QCOMPARE(out.status, CommitOutcome::Status::Conflicts);
        QCOMPARE(out.conflicts.size(), 1);
        const ChangeConflict conflict = out.conflicts.first();
        QVERIFY(!conflict.deleted);
        QCOMPARE(conflict.theirs.value(title).toString(), s("Theirs"));
        QVERIFY(g.model->hasPendingChanges()); // nothing lost, nothing applied
        QVERIFY(scalar(QStringLiteral("SELECT compensation FROM vacancies WHERE id = %1").arg(id))
                    .toInt() != 777);
        g.model->keepMine(conflict);
        out = commit(*g.model);
        QCOMPARE(out.status, CommitOutcome::Status::Committed);
        QCOMPARE(scalar(QStringLiteral("SELECT compensation || ' ' || title FROM vacancies "
                                       "WHERE id = %1")
                            .arg(id))
                     .toString(),
                 s("777 Theirs"));

        // Take theirs: my change goes, their row shows.
        QTRY_VERIFY(loaded(*g.model, 0));
        const int row = rowOfId(*g.model, id);
        QVERIFY(g.model->setData(g.model->index(row, pay), 888));
        QVERIFY(
            exec(QStringLiteral("UPDATE vacancies SET compensation = 999 WHERE id = %1").arg(id)));
        out = commit(*g.model);
        QCOMPARE(out.status, CommitOutcome::Status::Conflicts);
        g.model->takeTheirs(out.conflicts.first());
        QVERIFY(!g.model->hasPendingChanges());
        QTRY_COMPARE(g.model->index(row, pay).data(Qt::EditRole).toInt(), 999);
    }

    void conflictWithDeletedRowCanRestoreIt()
    {
        Grid g = open("vacancies");
        QVERIFY(loaded(*g.model, 0));
        const int title = col(*g.model, "title");
        const int id = g.model->index(0, 0).data(Qt::EditRole).toInt();
        QVERIFY(g.model->setData(g.model->index(0, title), s("Mine after delete")));
        QVERIFY(exec(QStringLiteral("DELETE FROM vacancies WHERE id = %1").arg(id)));
        CommitOutcome out = commit(*g.model);
        QCOMPARE(out.status, CommitOutcome::Status::Conflicts);
        QVERIFY(out.conflicts.first().deleted);
        g.model->keepMine(out.conflicts.first());
        QCOMPARE(g.model->changes().changes().first().kind, RowChange::Kind::Insert);
        QCOMPARE(commit(*g.model).status, CommitOutcome::Status::Committed);
        QCOMPARE(
            scalar(QStringLiteral("SELECT title FROM vacancies WHERE id = %1").arg(id)).toString(),
            s("Mine after delete"));
    }

    void editsSurviveSortFilterAndLostConnection()
    {
        Grid g = open("resumes");
        QVERIFY(loaded(*g.model, 0));
        const int title = col(*g.model, "title");
        const int id = g.model->index(0, 0).data(Qt::EditRole).toInt();
        QVERIFY(g.model->setData(g.model->index(0, title), s("Survivor")));

        g.model->sort(title, Qt::DescendingOrder);
        int row = rowOfId(*g.model, id);
        QVERIFY(row >= 0);
        QCOMPARE(g.model->index(row, title).data().toString(), s("Survivor"));

        g.model->source()->setFilter(query::Filter::column(s("id"), query::Filter::Op::Ne, {id}));
        QVERIFY(loaded(*g.model, 0));
        QCOMPARE(g.model->changes().size(), 1); // filtered out, still pending
        g.model->source()->setFilter({});
        row = rowOfId(*g.model, id);
        QCOMPARE(g.model->index(row, title).data().toString(), s("Survivor"));

        // The server drops the connection: the commit fails, the edit stays, and once the
        // connection is back the same commit goes through.
        QVERIFY(exec(s("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                       "current_database() AND pid <> pg_backend_pid()")));
        CommitOutcome out;
        for (int attempt = 0; attempt < 3; ++attempt) {
            out = commit(*g.model);
            if (out.status == CommitOutcome::Status::Committed)
                break;
            QCOMPARE(out.status, CommitOutcome::Status::Failed);
            QCOMPARE(g.model->changes().size(), 1);
            QTest::qWait(300);
        }
        QCOMPARE(out.status, CommitOutcome::Status::Committed);
        QCOMPARE(
            scalar(QStringLiteral("SELECT title FROM resumes WHERE id = %1").arg(id)).toString(),
            s("Survivor"));
    }

    void commonTypesRoundTripThroughEdits()
    {
        QVERIFY(exec(s("CREATE TABLE typed (id int PRIMARY KEY, n numeric, ts timestamptz, "
                       "t timestamp, d date, u uuid, j jsonb, arr int[], b bytea, flag boolean, "
                       "r real);"
                       "INSERT INTO typed (id) VALUES (1);")));
        QSqlDatabase sync = dbx::test::TestCluster::instance().open(kDb);
        const auto snapshot = CatalogReader::read(sync);
        QVERIFY(snapshot.ok());
        TableDataModel source(m_db.get());
        EditableTableModel model(m_db.get(), &source);
        model.setTable(*snapshot->table(s("public"), s("typed")), &snapshot.value());
        QVERIFY(loaded(model, 0));
        const QList<std::pair<const char *, QVariant>> edits = {
            {"n", s("12345678901234567890.123456789")},
            {"ts", QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 123), Qt::UTC)},
            {"t", QDateTime(QDate(2024, 2, 29), QTime(1, 2, 3))},
            {"d", QDate(2024, 12, 31)},
            {"u", s("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")},
            {"j", s("{\"k\": [1, 2], \"q\": \"it's \\\"quoted\\\"\"}")},
            {"arr", s("{1,2,3}")},
            {"b", QByteArray("\x00\x01\xff", 3)},
            {"flag", true},
            {"r", 1.5},
        };
        for (const auto &[name, value] : edits)
            QVERIFY(model.setData(model.index(0, col(model, name)), value));
        QCOMPARE(commit(model).status, CommitOutcome::Status::Committed);
        const auto text = [this](const char *expr) {
            return scalar(QStringLiteral("SELECT (%1)::text FROM typed WHERE id = 1")
                              .arg(QString::fromUtf8(expr)))
                .toString();
        };
        QCOMPARE(text("n"), s("12345678901234567890.123456789"));
        QCOMPARE(text("ts AT TIME ZONE 'UTC'"), s("2024-02-29 13:14:15.123"));
        QCOMPARE(text("t"), s("2024-02-29 01:02:03"));
        QCOMPARE(text("d"), s("2024-12-31"));
        QCOMPARE(text("u"), s("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        QCOMPARE(text("j->>'q'"), s("it's \"quoted\""));
        QCOMPARE(text("arr"), s("{1,2,3}"));
        QCOMPARE(text("encode(b, 'hex')"), s("0001ff"));
        QCOMPARE(text("flag"), s("true"));
        QCOMPARE(text("r"), s("1.5"));
        // NULL goes back as NULL, an empty string stays an empty string.
        QTRY_VERIFY(loaded(model, 0));
        QVERIFY(model.setData(model.index(0, col(model, "n")), QVariant()));
        QCOMPARE(commit(model).status, CommitOutcome::Status::Committed);
        QCOMPARE(scalar(s("SELECT n IS NULL FROM typed WHERE id = 1")).toBool(), true);
    }

    void rowWithRelatedRowsAsNestedJson()
    {
        QSqlDatabase db = dbx::test::TestCluster::instance().open(kDb);
        const int worker = scalar(s("SELECT worker_id FROM resumes r WHERE EXISTS (SELECT 1 FROM "
                                    "vacancies_replies v WHERE v.resume_id = r.id) LIMIT 1"))
                               .toInt();
        const Result<QString> json =
            readNestedJson(db, m_snapshot, *m_snapshot.table(s("public"), s("workers")),
                           {QString::number(worker)});
        QVERIFY2(json.ok(), qPrintable(json.error().message));
        const QJsonObject root = QJsonDocument::fromJson(json->toUtf8()).object();
        QCOMPARE(root.value(s("id")).toInt(), worker);
        const QJsonArray resumes = root.value(s("resumes")).toArray();
        QCOMPARE(
            resumes.size(),
            scalar(QStringLiteral("SELECT count(*) FROM resumes WHERE worker_id = %1").arg(worker))
                .toInt());
        int replies = 0;
        for (const QJsonValue &r : resumes) {
            QVERIFY(r.toObject().contains(s("workload")));
            replies += int(r.toObject().value(s("vacancies_replies")).toArray().size());
            // Through the association: the vacancies themselves, each with its cover letter.
            const QJsonArray vacancies = r.toObject().value(s("vacancies")).toArray();
            QCOMPARE(vacancies.size(), r.toObject().value(s("vacancies_replies")).toArray().size());
            for (const QJsonValue &v : vacancies) {
                QVERIFY(v.toObject().contains(s("title")));
                QVERIFY(v.toObject().contains(s("cover_letter")));
            }
        }
        QCOMPARE(replies, scalar(QStringLiteral("SELECT count(*) FROM vacancies_replies v JOIN "
                                                "resumes r ON r.id = v.resume_id WHERE "
                                                "r.worker_id = %1")
                                     .arg(worker))
                              .toInt());
        const Result<QString> gone = readNestedJson(
            db, m_snapshot, *m_snapshot.table(s("public"), s("workers")), {s("987654")});
        QVERIFY(!gone.ok());
    }

    void revertAndRefresh()
    {
        Grid g = open("workers");
        QVERIFY(loaded(*g.model, 0));
        const int user = col(*g.model, "username");
        const int id = g.model->index(0, 0).data(Qt::EditRole).toInt();
        QVERIFY(g.model->setData(g.model->index(0, user), s("Pending")));
        g.model->insertRecord();
        QCOMPARE(g.model->changes().size(), 2);
        g.model->revertAll();
        QVERIFY(!g.model->hasPendingChanges());
        QCOMPARE(g.model->rowCount(), g.model->source()->rowCount());
        QVERIFY(exec(
            QStringLiteral("UPDATE workers SET username = 'Refreshed' WHERE id = %1").arg(id)));
        QSignalSpy reloaded(g.model->source(), &TableDataModel::rowReloaded);
        g.model->refreshRecord(0);
        QVERIFY(reloaded.wait(5000));
        QCOMPARE(g.model->index(0, user).data().toString(), s("Refreshed"));
    }
};

QTEST_MAIN(TestEditableTableModel)
#include "tst_editabletablemodel.moc"
