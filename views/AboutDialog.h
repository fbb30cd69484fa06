// AboutDialog: version, purpose, licences and data credits (GeoNames, ISO 639-3, world-countries).
#pragma once

#include <QDialog>

namespace htmse {

class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);
    static QString creditsHtml(); // shown in the dialog; tested for the required credits
};

} // namespace htmse
