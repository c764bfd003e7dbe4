#pragma once

#include "model/connection/connectionspec.h"

#include <QIcon>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QToolButton;

namespace dbx::ui {

// How a connection shows itself in tabs and docks: its colour as a stripe beside `base`, and a
// red badge when it is a production database.
QIcon connectionIcon(const model::ConnectionSpec &look, const QIcon &base = {});
// "Connection: sales (production database)" and the like, for tooltips.
QString connectionToolTip(const QString &label, const model::ConnectionSpec &look);
// The colours offered in the connection dialog, as "#rrggbb".
QStringList connectionColors();

// The connection dialog's fields for the look of a saved connection: group, colour and the
// production flag. Kept apart so the dialog only fills and reads them.
class ConnectionLookFields : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionLookFields(QWidget *parent = nullptr);

    // Offers the groups already in use.
    void setKnownGroups(const QStringList &groups);
    void setLook(const model::ConnectionSpec &spec);
    // Copies group, colour and production flag into `spec`.
    void applyTo(model::ConnectionSpec *spec) const;
    QComboBox *groupBox() const { return m_group; }
    QToolButton *colorButton() const { return m_color; }
    QCheckBox *productionBox() const { return m_production; }

private:
    void setColor(const QString &color);

    QComboBox *m_group;
    QToolButton *m_color;
    QCheckBox *m_production;
    QString m_colorValue;
};

} // namespace dbx::ui
