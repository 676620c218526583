enum ArtifactsModule {}
