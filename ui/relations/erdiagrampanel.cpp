#include "ui/relations/erdiagrampanel.h"

#include "ui/relations/erscene.h"

#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QShortcut>
#include <QSpinBox>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>
#include <functional>
#include <memory>

namespace dbx::ui {

using model::ErLayout;
using model::TableInfo;
using model::TableRef;

namespace {

constexpr double MinZoom = 0.05;
constexpr double MaxZoom = 4.0;
// PNG exports at twice the scene's resolution, within limits that keep a 150-table diagram's
// image in a few hundred megabytes of memory at most.
constexpr double MaxImageSide = 8000.0;
constexpr double MaxImagePixels = 32e6;

// Pans by dragging anywhere, zooms with Ctrl+wheel, and reports a click (a press and release
// without a drag) on whatever item lies under it.
class ErView : public QGraphicsView {
public:
    ErView(QGraphicsScene *scene, QWidget *parent)
        : QGraphicsView(scene, parent)
    {
        setDragMode(QGraphicsView::ScrollHandDrag);
        setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
        setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    }

    std::function<void(QGraphicsItem *)> onClick;
    std::function<void(double)> onZoom;

protected:
    void mousePressEvent(QMouseEvent *event) override
    {
        m_pressed = event->position().toPoint();
        QGraphicsView::mousePressEvent(event);
    }
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        QGraphicsView::mouseReleaseEvent(event);
        const QPoint at = event->position().toPoint();
        if (event->button() == Qt::LeftButton &&
            (at - m_pressed).manhattanLength() < QApplication::startDragDistance() && onClick) {
            onClick(itemAt(at));
        }
    }
    void wheelEvent(QWheelEvent *event) override
    {
        if (event->modifiers() & Qt::ControlModifier) {
            if (onZoom)
                onZoom(std::pow(1.15, event->angleDelta().y() / 120.0));
            event->accept();
            return;
        }
        QGraphicsView::wheelEvent(event);
    }

private:
    QPoint m_pressed;
};

bool drawable(const TableInfo &table)
{
    // Views have no keys to draw; tables, partitioned and foreign tables can have them.
    return table.kind == TableInfo::Kind::Table ||
           table.kind == TableInfo::Kind::PartitionedTable ||
           table.kind == TableInfo::Kind::ForeignTable;
}

QToolButton *toolButton(const QString &text, const QString &tip, const char *name, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setObjectName(QLatin1String(name));
    button->setAutoRaise(true);
    return button;
}

} // namespace

ErDiagramPanel::ErDiagramPanel(QWidget *parent)
    : QWidget(parent)
    , m_scene(new ErScene(this))
    , m_view(new ErView(m_scene, this))
    , m_scope(new QComboBox(this))
    , m_schema(new QComboBox(this))
    , m_table(new QComboBox(this))
    , m_depth(new QSpinBox(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("erDiagramPanel"));
    m_view->setObjectName(QStringLiteral("erView"));
    m_status->setObjectName(QStringLiteral("erStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    auto *view = static_cast<ErView *>(m_view);
    view->onClick = [this](QGraphicsItem *item) { itemClicked(item); };
    view->onZoom = [this](double factor) { zoomBy(factor); };

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    buildToolbar();
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_scope);
    bar->addWidget(m_schema);
    bar->addWidget(m_table, 1);
    auto *depthLabel = new QLabel(tr("&Depth:"), this);
    depthLabel->setBuddy(m_depth);
    bar->addWidget(depthLabel);
    bar->addWidget(m_depth);
    bar->addStretch(1);
    for (QToolButton *button : findChildren<QToolButton *>(QString(), Qt::FindDirectChildrenOnly))
        bar->addWidget(button);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    setStatus(tr("No schema loaded yet."));
}

void ErDiagramPanel::buildToolbar()
{
    m_scope->setObjectName(QStringLiteral("erScope"));
    m_scope->addItem(tr("Whole schema"));
    m_scope->addItem(tr("Around table"));
    m_schema->setObjectName(QStringLiteral("erSchema"));
    m_schema->setVisible(false);
    m_table->setObjectName(QStringLiteral("erTable"));
    m_table->setEnabled(false);
    m_table->setMinimumContentsLength(10);
    m_table->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_table, &QComboBox::currentTextChanged, m_table, &QComboBox::setToolTip);
    m_depth->setObjectName(QStringLiteral("erDepth"));
    m_depth->setRange(1, 3);
    m_depth->setEnabled(false);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_schema->setEnabled(index == 0);
        m_table->setEnabled(index == 1);
        m_depth->setEnabled(index == 1);
        relayout();
    });
    connect(m_schema, &QComboBox::currentIndexChanged, this, [this] {
        if (m_scope->currentIndex() == 0)
            relayout();
    });
    connect(m_table, &QComboBox::currentIndexChanged, this, [this] {
        if (m_scope->currentIndex() == 1)
            relayout();
    });
    connect(m_depth, &QSpinBox::valueChanged, this, [this] {
        if (m_scope->currentIndex() == 1)
            relayout();
    });

    QToolButton *out =
        toolButton(QStringLiteral("−"), tr("Zoom out (Ctrl+wheel, -)"), "erZoomOut", this);
    QToolButton *in =
        toolButton(QStringLiteral("+"), tr("Zoom in (Ctrl+wheel, +)"), "erZoomIn", this);
    QToolButton *fitButton = toolButton(tr("Fit"), tr("Show the whole diagram"), "erFit", this);
    // Short labels: the bar must fit beside the schema in a narrow window.
    QToolButton *png = toolButton(QStringLiteral("PNG…"),
                                  tr("Export the diagram as an image (PNG)"), "erExportPng", this);
    QToolButton *svg =
        toolButton(QStringLiteral("SVG…"), tr("Export the diagram as a vector drawing (SVG)"),
                   "erExportSvg", this);
    connect(out, &QToolButton::clicked, this, &ErDiagramPanel::zoomOut);
    connect(in, &QToolButton::clicked, this, &ErDiagramPanel::zoomIn);
    connect(fitButton, &QToolButton::clicked, this, &ErDiagramPanel::fit);
    connect(png, &QToolButton::clicked, this, [this] { chooseExport(false); });
    connect(svg, &QToolButton::clicked, this, [this] { chooseExport(true); });

    const auto shortcut = [this](const QKeySequence &keys, void (ErDiagramPanel::*slot)()) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::ZoomIn, &ErDiagramPanel::zoomIn);
    shortcut(QKeySequence(Qt::Key_Plus), &ErDiagramPanel::zoomIn);
    shortcut(QKeySequence(Qt::Key_Equal), &ErDiagramPanel::zoomIn);
    shortcut(QKeySequence::ZoomOut, &ErDiagramPanel::zoomOut);
    shortcut(QKeySequence(Qt::Key_Minus), &ErDiagramPanel::zoomOut);
}

QGraphicsView *ErDiagramPanel::view() const
{
    return m_view;
}

QString ErDiagramPanel::statusText() const
{
    return m_status->text();
}

void ErDiagramPanel::setSnapshot(const model::SchemaSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_graph = model::RelationshipGraph(snapshot);
    fillSchemas();
    fillTables();
    relayout();
}

void ErDiagramPanel::fillSchemas()
{
    const QVariant current = m_schema->currentData();
    const QSignalBlocker blocker(m_schema);
    m_schema->clear();
    for (const model::SchemaInfo &schema : m_snapshot.schemas)
        m_schema->addItem(tr("Schema %1").arg(schema.name), schema.name);
    m_schema->addItem(tr("All schemas"), QString());
    // Keep the choice across reloads; otherwise public, where the application's tables usually
    // are (the migrations ledger has its own schema).
    int index = m_schema->findData(current);
    if (index < 0)
        index = m_schema->findData(QStringLiteral("public"));
    m_schema->setCurrentIndex(std::max(index, 0));
    m_schema->setVisible(m_snapshot.schemas.size() > 1);
}

void ErDiagramPanel::fillTables()
{
    const QVariant current = m_table->currentData();
    const QSignalBlocker blocker(m_table);
    m_table->clear();
    const bool qualify = m_snapshot.schemas.size() > 1;
    for (const model::SchemaInfo &schema : m_snapshot.schemas) {
        for (const TableInfo &t : schema.tables) {
            if (!drawable(t))
                continue;
            m_table->addItem(qualify ? t.schema + QLatin1Char('.') + t.name : t.name,
                             QStringList{t.schema, t.name});
        }
    }
    int again = m_table->findData(current);
    if (again < 0) {
        // Otherwise the first table of the schema the diagram shows, not of the first schema.
        const QString schema = m_schema->currentData().toString();
        for (int i = 0; i < m_table->count() && again < 0; ++i) {
            if (m_table->itemData(i).toStringList().value(0) == schema)
                again = i;
        }
    }
    m_table->setCurrentIndex(std::max(again, 0));
}

void ErDiagramPanel::showWholeSchema()
{
    if (m_scope->currentIndex() == 0)
        relayout();
    m_scope->setCurrentIndex(0);
}

void ErDiagramPanel::showNeighbourhood(const QString &schema, const QString &table, int depth)
{
    const QSignalBlocker scopeBlocker(m_scope);
    const QSignalBlocker tableBlocker(m_table);
    const QSignalBlocker depthBlocker(m_depth);
    m_scope->setCurrentIndex(1);
    m_table->setEnabled(true);
    m_depth->setEnabled(true);
    m_table->setCurrentIndex(m_table->findData(QStringList{schema, table}));
    m_depth->setValue(depth);
    relayout();
}

QList<TableRef> ErDiagramPanel::scopeTables() const
{
    QList<TableRef> candidates;
    if (m_scope->currentIndex() == 1) {
        const QStringList chosen = m_table->currentData().toStringList();
        if (chosen.size() != 2)
            return {};
        candidates = m_graph.neighbourhood(TableRef{chosen.at(0), chosen.at(1)}, m_depth->value());
    } else {
        const QString schema = m_schema->currentData().toString();
        for (const TableRef &ref : m_graph.tables()) {
            if (schema.isEmpty() || ref.schema == schema)
                candidates << ref;
        }
    }
    QList<TableRef> tables;
    for (const TableRef &ref : std::as_const(candidates)) {
        const TableInfo *info = m_snapshot.table(ref.schema, ref.name);
        if (info && drawable(*info))
            tables << ref;
    }
    return tables;
}

void ErDiagramPanel::relayout()
{
    const QList<TableRef> tables = scopeTables();
    const quint64 generation = ++m_pending;
    if (tables.isEmpty()) {
        m_shown = generation;
        m_scene->clearDiagram();
        setStatus(m_snapshot.schemas.isEmpty() ? tr("No schema loaded yet.")
                                               : tr("No tables to show."));
        emit layoutFinished();
        return;
    }
    setStatus(tr("Laying out %n table(s)…", "", int(tables.size())));
    m_scene->layOut(m_snapshot, m_graph, tables, this, [this, generation](const ErLayout &layout) {
        applyLayout(generation, layout);
    });
}

void ErDiagramPanel::applyLayout(quint64 generation, const ErLayout &layout)
{
    if (generation != m_pending)
        return; // a newer scope or snapshot was asked for meanwhile
    m_shown = generation;
    if (!layout.error.isEmpty()) {
        m_scene->clearDiagram();
        setStatus(layout.error, true);
    } else {
        m_scene->setDiagram(m_snapshot, m_graph, layout);
        // Around a table: that table and its own lines stand out from their neighbours'.
        const QStringList focus = m_table->currentData().toStringList();
        if (m_scope->currentIndex() == 1 && focus.size() == 2)
            m_scene->highlight(m_scene->tableItem(TableRef{focus.at(0), focus.at(1)}));
        fit();
        setStatus(tr("%1, %2. Click a table to open it, a line to see what it is.")
                      .arg(tr("%n table(s)", "", int(layout.nodes.size())),
                           tr("%n relationship line(s)", "", int(layout.edges.size()))));
    }
    emit layoutFinished();
}

void ErDiagramPanel::itemClicked(QGraphicsItem *item)
{
    m_scene->highlight(item);
    if (auto *table = dynamic_cast<ErTableItem *>(item)) {
        const TableRef ref = table->table();
        setStatus(table->linkCaption().isEmpty()
                      ? ref.qualified()
                      : ref.qualified() + QStringLiteral(" — ") + table->linkCaption());
        emit tableActivated(ref.schema, ref.name);
    } else if (auto *edge = dynamic_cast<ErEdgeItem *>(item)) {
        setStatus(edge->description());
    }
}

void ErDiagramPanel::zoomBy(double factor)
{
    const double current = m_view->transform().m11();
    const double target = std::clamp(current * factor, MinZoom, MaxZoom);
    m_view->scale(target / current, target / current);
}

void ErDiagramPanel::zoomIn()
{
    zoomBy(1.25);
}

void ErDiagramPanel::zoomOut()
{
    zoomBy(0.8);
}

void ErDiagramPanel::fit()
{
    if (m_scene->sceneRect().isEmpty())
        return;
    m_view->fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    // A small diagram is not blown up beyond its natural size; a huge one stays legible enough
    // to find one's way in.
    const double scale = m_view->transform().m11();
    const double wanted = std::clamp(scale, 0.25, 1.0);
    if (wanted != scale)
        m_view->setTransform(QTransform::fromScale(wanted, wanted));
    if (wanted > scale)
        m_view->centerOn(m_scene->sceneRect().center());
}

bool ErDiagramPanel::exportPng(const QString &fileName)
{
    const QRectF source = m_scene->sceneRect();
    if (source.isEmpty())
        return false;
    const double scale = std::min({2.0, MaxImageSide / std::max(source.width(), source.height()),
                                   std::sqrt(MaxImagePixels / (source.width() * source.height()))});
    QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        m_scene->render(&painter, QRectF(QPointF(0, 0), image.size()), source);
    }
    if (!image.save(fileName, "PNG")) {
        setStatus(tr("Could not write %1.").arg(fileName), true);
        return false;
    }
    setStatus(tr("Saved %1.").arg(fileName));
    return true;
}

bool ErDiagramPanel::exportSvg(const QString &fileName)
{
    const QRectF source = m_scene->sceneRect();
    if (source.isEmpty())
        return false;
    QSvgGenerator generator;
    generator.setFileName(fileName);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(tr("ER diagram of %1").arg(m_snapshot.database));
    QPainter painter;
    if (!painter.begin(&generator)) {
        setStatus(tr("Could not write %1.").arg(fileName), true);
        return false;
    }
    m_scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    painter.end();
    setStatus(tr("Saved %1.").arg(fileName));
    return true;
}

void ErDiagramPanel::chooseExport(bool svg)
{
    const QString fileName =
        svg ? QFileDialog::getSaveFileName(this, tr("Export ER Diagram"),
                                           m_snapshot.database + QStringLiteral(".svg"),
                                           tr("SVG drawings (*.svg)"))
            : QFileDialog::getSaveFileName(this, tr("Export ER Diagram"),
                                           m_snapshot.database + QStringLiteral(".png"),
                                           tr("PNG images (*.png)"));
    if (fileName.isEmpty())
        return;
    svg ? exportSvg(fileName) : exportPng(fileName);
}

void ErDiagramPanel::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

} // namespace dbx::ui
