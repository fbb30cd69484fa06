// A view that includes a header without naming its folder: the layering check must refuse it.
#include "MainWindow.h"
#include "views/Fine.h"
