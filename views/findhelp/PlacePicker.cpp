#include "views/findhelp/PlacePicker.h"

#include "taxonomy/Gazetteer.h"

#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStringListModel>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

PlacePicker::PlacePicker(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_completer(new QCompleter(this))
    , m_completions(new QStringListModel(this))
    , m_radius(new QSpinBox(this))
    , m_status(new QLabel(this))
{
    m_edit->setObjectName(u"placeEdit"_s);
    m_edit->setPlaceholderText(tr("City or town; empty for anywhere"));
    m_edit->setAccessibleName(tr("Place"));
    m_edit->setClearButtonEnabled(true);
    m_completer->setModel(m_completions);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    // The gazetteer ranks the candidates itself (exact names, then population); show them as given.
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_edit->setCompleter(m_completer);
    connect(m_edit, &QLineEdit::textEdited, this, &PlacePicker::updateCompletions);
    connect(m_edit, &QLineEdit::editingFinished, this, &PlacePicker::resolve);
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this, [this](const QString& text) {
        m_edit->setText(text);
        resolve();
    });
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            resolve();
    });

    m_radius->setObjectName(u"radiusBox"_s);
    m_radius->setAccessibleName(tr("Radius in kilometres"));
    m_radius->setRange(1, 20'000);
    m_radius->setValue(50);
    m_radius->setSuffix(tr(" km"));
    m_radius->setSingleStep(10);
    connect(m_radius, &QSpinBox::valueChanged, this, &PlacePicker::placeChanged);

    m_status->setObjectName(u"placeStatus"_s);
    m_status->setWordWrap(true);
    m_status->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    auto* row = new QHBoxLayout;
    auto* within = new QLabel(tr("&Within"), this);
    within->setBuddy(m_radius);
    row->addWidget(within);
    row->addWidget(m_radius, 1);
    layout->addLayout(row);
    layout->addWidget(m_status);
    setFocusProxy(m_edit);
}

void PlacePicker::updateCompletions(const QString& text)
{
    QStringList names;
    if (text.trimmed().size() >= 2)
        for (const Gazetteer::City* city : Gazetteer::instance().complete(text.trimmed(), {}, 10))
            names.append(city->displayName());
    m_completions->setStringList(names);
}

void PlacePicker::resolve()
{
    const QString text = m_edit->text().trimmed();
    std::optional<GeoPoint> point;
    if (!text.isEmpty()) {
        const Gazetteer::City* city = Gazetteer::instance().resolve(text);
        if (!city) {
            // "Leeds, England, United Kingdom" as the completer offers it: the name is the first part.
            const QList<const Gazetteer::City*> candidates =
                Gazetteer::instance().complete(text.section(u',', 0, 0).trimmed(), {}, 50);
            for (const Gazetteer::City* c : candidates)
                if (c->displayName() == text)
                    city = c;
        }
        if (city)
            point = city->point();
        m_status->setText(city ? QString() : tr("No place called “%1” is known; matching anywhere.").arg(text));
    } else {
        m_status->clear();
    }
    m_status->setVisible(!m_status->text().isEmpty());
    const bool changed =
        point.has_value() != m_point.has_value() ||
        (point && (point->latitude() != m_point->latitude() || point->longitude() != m_point->longitude()));
    m_point = point;
    if (changed)
        emit placeChanged();
}

bool PlacePicker::isUnknownPlace() const
{
    return !m_edit->text().trimmed().isEmpty() && !m_point;
}

double PlacePicker::radiusKm() const
{
    return m_radius->value();
}

void PlacePicker::setRadiusKm(double km)
{
    m_radius->setValue(qBound(1, qRound(km), 20'000));
}

void PlacePicker::clear()
{
    m_edit->clear();
    m_completions->setStringList({});
    resolve();
}

} // namespace htmse
