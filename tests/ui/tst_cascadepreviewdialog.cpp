#include "model/catalog/catalogreader.h"
#include "model/db/database.h"
#include "testcluster.h"
#include "ui/edit/cascadepreviewdialog.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

using namespace dbx;
using model::CascadeEffect;

namespace {

const QString database = QStringLiteral("cascade_dialog");

const char *const schemaSql = R"sql(
CREATE TABLE workers (id serial PRIMARY KEY, username varchar NOT NULL);
CREATE TABLE resumes (id serial PRIMARY KEY, title varchar(256) NOT NULL,
                      worker_id integer NOT NULL REFERENCES workers(id) ON DELETE CASCADE);
CREATE TABLE vacancies (id serial PRIMARY KEY, title varchar(256) NOT NULL);
CREATE TABLE vacancies_replies (
    resume_id int REFERENCES resumes ON DELETE CASCADE,
    vacancy_id int REFERENCES vacancies ON DELETE CASCADE,
    PRIMARY KEY (resume_id, vacancy_id)
);
CREATE TABLE contracts (
    id serial PRIMARY KEY,
    worker_id int NOT NULL,
    CONSTRAINT contracts_worker_fk FOREIGN KEY (worker_id) REFERENCES workers ON DELETE RESTRICT
);
INSERT INTO workers (id, username) VALUES (1, 'ann'), (2, 'bob');
INSERT INTO vacancies (id, title) VALUES (1, 'cook'), (2, 'driver'), (3, 'tailor');
INSERT INTO resumes (id, title, worker_id) VALUES (1, 'chef', 1), (2, 'baker', 1), (3, 'x', 1),
                                                  (4, 'trucker', 2);
INSERT INTO vacancies_replies VALUES (1, 1), (1, 2), (2, 1), (3, 3), (4, 2);
INSERT INTO contracts (worker_id) VALUES (2);
)sql";

} // namespace

class TestCascadePreviewDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        auto &cluster = test::TestCluster::instance();
        QString error;
        QVERIFY2(cluster.recreateDatabase(database, &error), qPrintable(error));
        QVERIFY2(cluster.exec(database, QString::fromUtf8(schemaSql), &error), qPrintable(error));
        QSqlDatabase db = cluster.open(database);
        const model::Result<model::SchemaSnapshot> read = model::CatalogReader::read(db);
        QVERIFY2(read.ok(), qPrintable(read.error().message));
        m_snapshot = read.value();
        m_workers = m_snapshot.table(QStringLiteral("public"), QStringLiteral("workers"));
        QVERIFY(m_workers);

        m_db = std::make_unique<model::Database>();
        QSignalSpy connected(m_db.get(), &model::Database::connected);
        m_db->connectTo(cluster.spec(database));
        QVERIFY(connected.wait(10000));
    }

    void cleanupTestCase() { m_db.reset(); }

    void workerShowsItsResumesAndReplies()
    {
        ui::CascadePreviewDialog dialog(m_db.get(), m_snapshot, *m_workers,
                                        {{QStringLiteral("1")}});
        dialog.show();
        auto *summary = dialog.findChild<QLabel *>(QStringLiteral("cascadeSummary"));
        auto *button = dialog.findChild<QPushButton *>(QStringLiteral("cascadeDelete"));
        auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("cascadeEffects"));
        QVERIFY(summary && button && tree);
        // Until the count is back, nothing can be deleted.
        QVERIFY(dialog.isCounting());
        QVERIFY(!button->isEnabled());
        QVERIFY(summary->text().contains(QLatin1String("Counting")));

        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isCounting(), 10000);
        QVERIFY2(dialog.isDeleteEnabled(), qPrintable(summary->text()));
        QVERIFY(button->isEnabled());
        QCOMPARE(dialog.effects().size(), 3);
        QCOMPARE(dialog.effects().at(1).table, QStringLiteral("resumes"));
        QCOMPARE(dialog.effects().at(1).rows, 3);
        QCOMPARE(dialog.effects().at(2).table, QStringLiteral("vacancies_replies"));
        QCOMPARE(dialog.effects().at(2).rows, 4);

        // What the user reads: workers at the top, resumes under it, replies under resumes.
        QVERIFY(tree->isVisible());
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *root = tree->topLevelItem(0);
        QCOMPARE(root->text(0), QStringLiteral("workers"));
        QCOMPARE(root->childCount(), 1);
        QTreeWidgetItem *resumes = root->child(0);
        QCOMPARE(resumes->text(0), QStringLiteral("resumes"));
        QCOMPARE(resumes->text(2), QStringLiteral("3"));
        QVERIFY(resumes->text(3).contains(QLatin1String("resumes_worker_id_fkey")));
        QCOMPARE(resumes->childCount(), 1);
        QCOMPARE(resumes->child(0)->text(0), QStringLiteral("vacancies_replies"));
        QCOMPARE(resumes->child(0)->text(2), QStringLiteral("4"));
        const QString text = summary->text();
        QVERIFY2(text.contains(QLatin1String("of resumes")) &&
                     text.contains(QLatin1String("of vacancies_replies")),
                 qPrintable(text));
        QCOMPARE(dialog.summaryText(), text);

        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void restrictDisablesDelete()
    {
        ui::CascadePreviewDialog dialog(m_db.get(), m_snapshot, *m_workers,
                                        {{QStringLiteral("2")}});
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isCounting(), 10000);
        QVERIFY(!dialog.isDeleteEnabled());
        bool blocked = false;
        for (const CascadeEffect &e : dialog.effects())
            blocked = blocked || (e.action == CascadeEffect::Action::Blocked &&
                                  e.constraintName == QLatin1String("contracts_worker_fk"));
        QVERIFY(blocked);
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("cascadeNote"));
        QVERIFY(note && note->isVisible());
        QVERIFY(!note->text().isEmpty());
        // The summary names the constraint in the way.
        QVERIFY2(dialog.summaryText().contains(QLatin1String("contracts_worker_fk")),
                 qPrintable(dialog.summaryText()));
        auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("cascadeEffects"));
        QTreeWidgetItem *root = tree->topLevelItem(0);
        QVERIFY(root);
        bool shown = false;
        for (int i = 0; i < root->childCount(); ++i)
            shown = shown || root->child(i)->text(0) == QLatin1String("contracts");
        QVERIFY(shown);
    }

    void errorIsShownInPlainWords()
    {
        ui::CascadePreviewDialog dialog(m_db.get(), m_snapshot, *m_workers,
                                        {{QStringLiteral("not a number")}});
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isCounting(), 10000);
        QVERIFY(!dialog.isDeleteEnabled());
        QVERIFY(dialog.effects().isEmpty());
        QVERIFY2(dialog.summaryText().contains(QLatin1String("Could not count")),
                 qPrintable(dialog.summaryText()));
    }

    void closingWhileCountingIsSafe()
    {
        {
            ui::CascadePreviewDialog dialog(m_db.get(), m_snapshot, *m_workers,
                                            {{QStringLiteral("1")}});
            QVERIFY(dialog.isCounting());
        }
        // The worker is still fine afterwards.
        ui::CascadePreviewDialog again(m_db.get(), m_snapshot, *m_workers, {{QStringLiteral("1")}});
        QTRY_VERIFY_WITH_TIMEOUT(!again.isCounting(), 10000);
        QVERIFY(again.isDeleteEnabled());
    }

private:
    model::SchemaSnapshot m_snapshot;
    const model::TableInfo *m_workers = nullptr;
    std::unique_ptr<model::Database> m_db;
};

QTEST_MAIN(TestCascadePreviewDialog)
#include "tst_cascadepreviewdialog.moc"
