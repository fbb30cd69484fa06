// PlacePicker: a place from the gazetteer, typed with completion ("Leeds, England, United
// Kingdom"), and the radius around it. An empty place means "anywhere".
#pragma once

#include "core/GeoPoint.h"

#include <QWidget>

#include <optional>

class QCompleter;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStringListModel;

namespace htmse {

class PlacePicker : public QWidget
{
    Q_OBJECT

public:
    explicit PlacePicker(QWidget* parent = nullptr);

    // The resolved place; nullopt when the field is empty or names no place.
    std::optional<GeoPoint> point() const { return m_point; }
    bool isUnknownPlace() const; // text typed that the gazetteer does not know
    double radiusKm() const;
    void setRadiusKm(double km);
    void clear();
    QLineEdit* lineEdit() const { return m_edit; }
    QSpinBox* radiusBox() const { return m_radius; }

signals:
    void placeChanged();

private:
    void updateCompletions(const QString& text);
    void resolve();

    QLineEdit* m_edit;
    QCompleter* m_completer;
    QStringListModel* m_completions;
    QSpinBox* m_radius;
    QLabel* m_status;
    std::optional<GeoPoint> m_point;
};

} // namespace htmse
