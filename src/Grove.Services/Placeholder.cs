namespace Grove.Services;
