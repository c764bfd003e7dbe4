#include "uibench.h"

#include "benchutil.h"
#include "model/catalog/catalogreader.h"
#include "model/connection/connector.h"
#include "model/data/tabledatamodel.h"
#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/edit/editabletablemodel.h"
#include "model/server/localserver.h"
#include "ui/browser/tablebrowser.h"
#include "ui/edit/filterbar.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QTest>

#include <algorithm>

namespace dbx::bench {

namespace {

// The longest stretch the UI thread could not run a 1 ms timer: every frame the user waits for
// is drawn by that thread, so the longest gap between two ticks is the worst freeze of the
// window.
class StallMeter : public QObject {
public:
    StallMeter()
    {
        m_tick.setTimerType(Qt::PreciseTimer);
        m_tick.setInterval(1);
        connect(&m_tick, &QTimer::timeout, this, [this] {
            const double gap = double(m_since.nsecsElapsed()) / 1e6;
            m_longest = std::max(m_longest, gap - 1.0);
            m_since.restart();
        });
        m_since.start();
        m_tick.start();
    }
    double takeLongest()
    {
        const double longest = m_longest;
        m_longest = 0;
        m_since.restart();
        return longest;
    }

private:
    QTimer m_tick;
    QElapsedTimer m_since;
    double m_longest = 0;
};

struct Phase {
    QString what;
    double stallMs = 0;
    double doneMs = 0;
};

bool visibleRowsLoaded(ui::TableBrowser &browser)
{
    QTableView *view = browser.view();
    const int top = std::max(0, view->rowAt(0));
    int bottom = view->rowAt(view->viewport()->height() - 1);
    if (bottom < 0)
        bottom = view->model()->rowCount() - 1;
    auto *model = browser.model()->source();
    for (int row = top; row <= bottom; ++row) {
        if (!model->isRowLoaded(row))
            return false;
    }
    return true;
}

bool createTable(QSqlDatabase &db, qint64 rows)
{
    const QStringList steps = {
        s("DROP TABLE IF EXISTS ui_bench"),
        s("CREATE TABLE ui_bench (id bigint PRIMARY KEY, label text NOT NULL, qty int NOT NULL, "
          "noted timestamptz)"),
        s("INSERT INTO ui_bench SELECT g, 'label ' || md5(g::text), (g * 7919) % 100000, "
          "now() - g * interval '1 second' FROM generate_series(1::bigint, %1) g")
            .arg(rows),
        s("CREATE INDEX ui_bench_qty ON ui_bench (qty)"),
        s("VACUUM ANALYZE ui_bench"),
    };
    for (const QString &sql : steps) {
        if (!model::exec(db, model::Statement(sql))) {
            say(s("setup failed: ") + sql);
            return false;
        }
    }
    return true;
}

// Runs `act`, then the event loop until the rows on screen are there: the stall of the UI
// thread meanwhile and how long until the user sees the rows.
Phase measure(const QString &what, ui::TableBrowser &browser, StallMeter &meter,
              const std::function<void()> &act)
{
    Phase p;
    p.what = what;
    meter.takeLongest();
    QElapsedTimer t;
    t.start();
    act();
    waitUntil([&] { return visibleRowsLoaded(browser); }, 60000);
    p.doneMs = double(t.nsecsElapsed()) / 1e6;
    p.stallMs = meter.takeLongest();
    return p;
}

QList<Phase> drive(ui::TableBrowser &browser)
{
    StallMeter meter;
    QList<Phase> phases;
    QTableView *view = browser.view();
    QScrollBar *bar = view->verticalScrollBar();
    QRandomGenerator random(42);
    for (int i = 0; i < 10; ++i) {
        phases << measure(s("scrollbar drag to a random place"), browser, meter, [&] {
            // A drag: the slider goes down, moves in steps, and is let go.
            const int target = random.bounded(bar->maximum() + 1);
            const int from = bar->value();
            bar->setSliderDown(true);
            for (int step = 1; step <= 8; ++step) {
                bar->setSliderPosition(from + (target - from) * step / 8);
                QCoreApplication::processEvents();
            }
            bar->setSliderDown(false);
        });
    }
    phases << measure(s("Ctrl+End"), browser, meter, [&] {
        view->setFocus();
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    });
    phases << measure(s("Ctrl+Home"), browser, meter,
                      [&] { QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier); });
    phases << measure(s("header click: sort by qty"), browser, meter, [&] {
        QHeaderView *header = view->horizontalHeader();
        const int x = header->sectionViewportPosition(2) + header->sectionSize(2) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    });
    phases << measure(s("Ctrl+End, sorted"), browser, meter,
                      [&] { QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier); });
    phases << measure(s("filter qty < 500, applied"), browser, meter, [&] {
        browser.filterBar()->addCondition(s("qty"), model::query::Filter::Op::Lt, 500);
        browser.filterBar()->apply();
    });
    return phases;
}

} // namespace

int runUiBench(qint64 rows)
{
    auto server = startServer(s("dbx-bench-ui"));
    if (!server)
        return 1;
    const model::ConnectionSpec spec = server->connectionSpec();
    int result = 1;
    {
        const auto opened = model::Connector::open(spec, s("ui-bench-sync"));
        QSqlDatabase sync = opened ? opened.value() : QSqlDatabase();
        QElapsedTimer setup;
        setup.start();
        const auto snapshot =
            sync.isOpen() && createTable(sync, rows)
                ? model::CatalogReader::read(sync)
                : model::Result<model::SchemaSnapshot>(model::DbError::plain(s("setup")));
        const model::TableInfo *info =
            snapshot ? snapshot->table(s("public"), s("ui_bench")) : nullptr;
        say(s("created ui_bench with %1 rows in %2 s")
                .arg(rows)
                .arg(double(setup.elapsed()) / 1000.0, 0, 'f', 1));
        model::Database db;
        model::Database background;
        db.connectTo(spec);
        background.connectTo(spec);
        const bool up = waitUntil(
            [&] {
                return db.state() == model::Database::State::Connected &&
                       background.state() == model::Database::State::Connected;
            },
            10000);
        if (info && up) {
            ui::TableBrowser browser(&db, &background, *info, snapshot.value());
            browser.resize(1280, 800);
            browser.show();
            waitUntil([&] { return visibleRowsLoaded(browser); }, 60000);
            const QList<Phase> phases = drive(browser);
            double worst = 0;
            say(s("\n### TableBrowser over %1 rows, offscreen (longest UI-thread stall)\n")
                    .arg(rows));
            say(s("| action | longest stall | rows on screen after |"));
            say(s("|---|---|---|"));
            for (const Phase &p : phases) {
                worst = std::max(worst, p.stallMs);
                say(s("| %1 | %2 ms | %3 ms |").arg(p.what, ms(p.stallMs), ms(p.doneMs)));
            }
            say(s("\nLongest stall of all: %1 ms (goal < 16 ms).").arg(ms(worst)));
            result = 0;
        }
        sync = {};
    }
    model::Connector::close(s("ui-bench-sync"));
    server->stop();
    QDir(server->config().rootDir).removeRecursively();
    return result;
}

} // namespace dbx::bench
