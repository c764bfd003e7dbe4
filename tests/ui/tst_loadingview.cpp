// The Loading view driven as a user would, offscreen, on the demo database: all workers as the
// parents, workers -> resumes picked, Run pressed; the three strategies show N + 1, 1 + 1 and
// 1 + 1 queries with their SQL, and a condition typed into the filter bar is used and
// remembered for the relationship.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/demo/demodatabase.h"
#include "testcluster.h"
#include "ui/edit/filterbar.h"
#include "ui/relations/loadingview.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace dbx;
using model::LoadStrategy;
using model::Relationship;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
const QString kDb = QStringLiteral("loading_demo");
} // namespace

class TestLoadingView : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::Database> m_db;
    model::SchemaSnapshot m_snapshot;
    QList<QVariantList> m_workers;

    bool runAndWait(ui::LoadingView &view)
    {
        QSignalSpy finished(&view, &ui::LoadingView::runFinished);
        auto *run = view.findChild<QPushButton *>(s("loadingRun"));
        if (!run || !run->isEnabled())
            return false;
        QTest::mouseClick(run, Qt::LeftButton);
        return finished.wait(10000) && finished.first().first().toBool();
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        const QString demo = dbx::test::openDemoSession(kDb, &m_db, &m_snapshot);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
        QSqlQuery q(test::TestCluster::instance().open(kDb));
        QVERIFY(q.exec(s("SELECT id::text FROM workers ORDER BY id")));
        while (q.next())
            m_workers << QVariantList{q.value(0)};
        QCOMPARE(m_workers.size(), 10);
    }

    void cleanupTestCase() { m_db.reset(); }

    void showsNPlusOneAgainstTwoQueries()
    {
        ui::LoadingView view(m_db.get(), m_snapshot);
        view.resize(1180, 760);
        view.show();
        view.setParents(model::TableRef{s("public"), s("workers")}, m_workers);
        QVERIFY(view.findChild<QLabel *>(s("loadingParents"))->text().contains(s("10")));
        QVERIFY(view.selectRelationship(s("resumes"), Relationship::Kind::OneToMany));
        auto *picker = view.findChild<QComboBox *>(s("loadingRelationship"));
        QVERIFY(picker->currentText().contains(s("resumes")));
        QVERIFY(runAndWait(view));

        QCOMPARE(view.queryCount(LoadStrategy::Lazy), 11);
        QCOMPARE(view.queryCount(LoadStrategy::Selectin), 2);
        QCOMPARE(view.queryCount(LoadStrategy::Joined), 2);
        const QString summary = view.findChild<QLabel *>(s("loadingSummary"))->text();
        QVERIFY2(summary.contains(s("Lazy: 11 queries")), qPrintable(summary));
        QVERIFY2(summary.contains(s("Selectin: 2 queries")), qPrintable(summary));
        QVERIFY2(summary.contains(s("Joined: 2 queries")), qPrintable(summary));
        const QString note = view.findChild<QLabel *>(s("loadingNote"))->text();
        QVERIFY2(note.contains(s("page of parents (rows: 10,")), qPrintable(note));
        qInfo("%s", qPrintable(summary));

        // The SQL that ran, as the user reads it: lazy lists three statements and counts the
        // rest; selectin shows its one statement with the key list bound.
        const QString lazy = view.findChild<QPlainTextEdit *>(s("loadingSql_lazy"))->toPlainText();
        QCOMPARE(lazy.count(s("SELECT ")), 3);
        QVERIFY2(lazy.contains(s("7 more statements")), qPrintable(lazy));
        const QString selectin =
            view.findChild<QPlainTextEdit *>(s("loadingSql_selectin"))->toPlainText();
        QCOMPARE(selectin.count(s("SELECT ")), 1);
        QVERIFY2(selectin.contains(s("= ANY($1)")), qPrintable(selectin));
        QVERIFY2(selectin.contains(s("rows: 18")), qPrintable(selectin));
        const QString joined =
            view.findChild<QPlainTextEdit *>(s("loadingSql_joined"))->toPlainText();
        QVERIFY2(joined.contains(s(" JOIN ")), qPrintable(joined));
        QVERIFY(view.findChild<QPlainTextEdit *>(s("loadingSql_lazy"))->isReadOnly());
        QVERIFY(view.statsText(LoadStrategy::Lazy).contains(s("Related rows loaded: 18")));
        QCOMPARE(view.comparison().loads.at(0).rows, view.comparison().loads.at(1).rows);
        QCOMPARE(view.comparison().loads.at(2).rows, view.comparison().loads.at(1).rows);

        if (qEnvironmentVariableIsSet("DBX_SCREENSHOT_DIR")) {
            QTest::qWait(50); // let the layout take the new texts' sizes, as it would on screen
            QVERIFY(view.grab().save(qEnvironmentVariable("DBX_SCREENSHOT_DIR") +
                                     s("/loading-view.png")));
        }
    }

    // The seed's resumes_parttime, built in the filter bar, used by all three and remembered.
    void conditionIsUsedAndRememberedPerRelationship()
    {
        {
            ui::LoadingView view(m_db.get(), m_snapshot);
            view.setParents(model::TableRef{s("public"), s("workers")}, m_workers);
            QVERIFY(view.selectRelationship(s("resumes"), Relationship::Kind::OneToMany));
            view.filterBar()->addCondition(s("workload"), model::query::Filter::Op::Eq,
                                           s("parttime"));
            auto *order = view.findChild<QComboBox *>(s("loadingOrderColumn"));
            order->setCurrentIndex(order->findData(s("id")));
            auto *direction = view.findChild<QComboBox *>(s("loadingOrderDirection"));
            direction->setCurrentIndex(direction->findData(int(Qt::DescendingOrder)));
            QVERIFY(runAndWait(view));
            for (const model::RelatedLoad &load : view.comparison().loads) {
                QCOMPARE(load.rowCount(), qint64(7)); // the part-time resumes
                const QList<QVariantList> rows = load.rows.value(s("8"));
                QCOMPARE(rows.size(), 2);
                QCOMPARE(rows.at(0).value(0).toString(), s("16")); // id descending
            }
            QVERIFY(view.sqlText(LoadStrategy::Selectin).contains(s("DESC")));
        }
        ui::LoadingView again(m_db.get(), m_snapshot);
        again.setParents(model::TableRef{s("public"), s("workers")}, m_workers);
        QVERIFY(again.selectRelationship(s("resumes"), Relationship::Kind::OneToMany));
        QCOMPARE(again.filterBar()->conditionCount(), 1);
        QCOMPARE(again.condition().orderColumn, s("id"));
        QCOMPARE(again.condition().order, Qt::DescendingOrder);
        // Another relationship of the same table has no condition of its own.
        ui::LoadingView other(m_db.get(), m_snapshot);
        other.setParents(model::TableRef{s("public"), s("resumes")}, {{s("1")}, {s("2")}});
        QVERIFY(other.selectRelationship(s("workers"), Relationship::Kind::ManyToOne));
        QCOMPARE(other.filterBar()->conditionCount(), 0);
        // Many-to-one from a page of resumes: the page query finds their workers' ids.
        QVERIFY(runAndWait(other));
        QCOMPARE(other.queryCount(LoadStrategy::Lazy), 2); // both resumes are Bobr's
        QCOMPARE(other.comparison().loads.at(1).rows.value(s("1")).size(), 1);
    }

    void errorsAreShownInPlainWords()
    {
        ui::LoadingView view(m_db.get(), m_snapshot);
        view.setParents(model::TableRef{s("public"), s("workers")}, {});
        QVERIFY(!view.run());
        QVERIFY(!view.errorText().isEmpty());
        view.setParents(model::TableRef{s("public"), s("workers")}, {{s("not a number")}});
        QVERIFY(view.selectRelationship(s("resumes"), Relationship::Kind::OneToMany));
        QSignalSpy finished(&view, &ui::LoadingView::runFinished);
        QVERIFY(view.run());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(view.errorText().contains(s("integer")), qPrintable(view.errorText()));
    }
};

QTEST_MAIN(TestLoadingView)
#include "tst_loadingview.moc"
