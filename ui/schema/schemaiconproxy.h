#pragma once

#include <QIdentityProxyModel>

namespace dbx::ui {

// Adds icons to the schema tree by node kind, so the model underneath stays free of QtGui.
class SchemaIconProxy : public QIdentityProxyModel {
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace dbx::ui
