#include "ui/querybuilder/joindiagram.h"

#include "ui/relations/erscene.h"

#include <QGraphicsView>
#include <QLabel>
#include <QVBoxLayout>

namespace dbx::ui {

using model::query::Source;

JoinDiagram::JoinDiagram(QWidget *parent)
    : QWidget(parent)
    , m_scene(new ErScene(this))
    , m_view(new QGraphicsView(m_scene, this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("joinDiagram"));
    m_view->setObjectName(QStringLiteral("joinDiagramView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_note->setObjectName(QStringLiteral("joinDiagramNote"));
    m_note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_note);
    relayout();
}

void JoinDiagram::setSnapshot(const model::SchemaSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_graph = model::RelationshipGraph(snapshot);
    relayout();
}

void JoinDiagram::setQuery(const model::query::Query &query)
{
    QList<model::TableRef> tables;
    QStringList notDrawn;
    QList<Source> sources{query.from};
    for (const model::query::Join &join : query.joins)
        sources << join.target;
    for (const Source &s : sources) {
        if (s.kind == Source::Kind::Table && !s.table.isEmpty()) {
            const model::TableRef ref{s.schema.isEmpty() ? QStringLiteral("public") : s.schema,
                                      s.table};
            if (!tables.contains(ref)) // a table joined twice is one box
                tables << ref;
        } else if (s.kind != Source::Kind::Table) {
            notDrawn << s.name();
        }
    }
    if (tables == m_tables && notDrawn == m_notDrawn)
        return;
    m_tables = tables;
    m_notDrawn = notDrawn;
    relayout();
}

QString JoinDiagram::note() const
{
    return m_note->text();
}

void JoinDiagram::relayout()
{
    const quint64 generation = ++m_pending;
    QString text;
    if (!m_notDrawn.isEmpty())
        text = tr("Not drawn (a subquery or WITH query): %1.")
                   .arg(m_notDrawn.join(QLatin1String(", ")));
    else if (m_tables.isEmpty())
        text = tr("Choose a table to see it here with the tables joined to it.");
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
    if (m_tables.isEmpty() || m_snapshot.schemas.isEmpty()) {
        m_shown = generation;
        m_scene->clearDiagram();
        emit laidOut();
        return;
    }
    m_scene->layOut(
        m_snapshot, m_graph, m_tables, this,
        [this, generation](const model::ErLayout &layout) {
            if (generation != m_pending)
                return; // the joins changed meanwhile
            m_shown = generation;
            if (layout.error.isEmpty())
                m_scene->setDiagram(m_snapshot, m_graph, layout);
            else
                m_scene->clearDiagram();
            if (!layout.error.isEmpty()) {
                m_note->setText(layout.error);
                m_note->show();
            }
            fit();
            emit laidOut();
        },
        // The diagram sits in the narrow editor column.
        model::ErLayout::Direction::TopToBottom);
}

void JoinDiagram::fit()
{
    const QRectF bounds = m_scene->itemsBoundingRect().adjusted(-12, -12, 12, 12);
    if (bounds.isEmpty() || !m_view->isVisible())
        return;
    m_view->fitInView(bounds, Qt::KeepAspectRatio);
    // A small diagram is not blown up past its natural size.
    if (m_view->transform().m11() > 1.0)
        m_view->resetTransform();
}

void JoinDiagram::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fit();
}

void JoinDiagram::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fit();
}

} // namespace dbx::ui
